#!/usr/bin/env python3
"""PyTorch twin of `phaselab bench train`: the same three shapes, the same full training step
(forward, vocabulary logits and cross-entropy at every position, backward, clip 1.0, AdamW).

    /usr/bin/python3 train_twin.py --config dyck-small --steps 20 --warmup 5 --threads 1

Prints one JSON line like the Java side. PyTorch 1.13 from Debian uses the reference BLAS
unless libopenblas0-pthread is installed; the fastest fair setting measured on 2 cores is
torch.set_num_threads(1) with OpenBLAS using 2 threads (OPENBLAS_NUM_THREADS=2), or both at 2
with OMP_WAIT_POLICY=PASSIVE: run_benchmarks.sh tries both and keeps the faster.
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SHAPES = {
    "dyck-small": dict(vocab=44, width=128, heads=4, hidden=512, layers=4, seq=64, batch=32, causal=True),
    "grok-paper": dict(vocab=100, width=512, heads=8, hidden=2048, layers=6, seq=32, batch=8, causal=True),
    "bert-mini": dict(vocab=8000, width=256, heads=4, hidden=1024, layers=6, seq=128, batch=16, causal=False),
}


class Block(nn.Module):
    """Post-LN block with the same math as phaselab's TransformerBlock."""

    def __init__(self, c, heads, hidden):
        super().__init__()
        self.heads = heads
        self.query, self.key, self.value, self.proj = (nn.Linear(c, c) for _ in range(4))
        self.ln1, self.ln2 = nn.LayerNorm(c), nn.LayerNorm(c)
        self.fc_in, self.fc_out = nn.Linear(c, hidden), nn.Linear(hidden, c)

    def forward(self, x, mask):
        b, t, c = x.shape
        hs = c // self.heads
        q = self.query(x).view(b, t, self.heads, hs).transpose(1, 2)
        k = self.key(x).view(b, t, self.heads, hs).transpose(1, 2)
        v = self.value(x).view(b, t, self.heads, hs).transpose(1, 2)
        s = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        if mask is not None:
            s = s.masked_fill(~mask, float("-inf"))
        z = (torch.softmax(s, dim=-1) @ v).transpose(1, 2).reshape(b, t, c)
        x = self.ln1(x + self.proj(z))
        return self.ln2(x + self.fc_out(F.gelu(self.fc_in(x), approximate="tanh")))


class Model(nn.Module):
    def __init__(self, vocab, width, heads, hidden, layers, seq, causal, **_):
        super().__init__()
        self.causal = causal
        self.embed = nn.Embedding(vocab, width)
        self.pos_embed = nn.Embedding(seq, width)
        self.blocks = nn.ModuleList([Block(width, heads, hidden) for _ in range(layers)])
        if causal:
            self.unembed = nn.Linear(width, vocab, bias=False)
        else:  # BERT: embedding LayerNorm, MLM transform, tied decoder with bias
            self.embed_ln = nn.LayerNorm(width)
            self.transform = nn.Linear(width, width)
            self.mlm_ln = nn.LayerNorm(width)
            self.mlm_bias = nn.Parameter(torch.zeros(vocab))

    def forward(self, ids):
        b, t = ids.shape
        x = self.embed(ids) + self.pos_embed(torch.arange(t))
        mask = torch.tril(torch.ones(t, t, dtype=torch.bool)) if self.causal else None
        if not self.causal:
            x = self.embed_ln(x)
        for blk in self.blocks:
            x = blk(x, mask)
        if self.causal:
            return self.unembed(x)
        h = self.mlm_ln(F.gelu(self.transform(x), approximate="tanh"))
        return h @ self.embed.weight.t() + self.mlm_bias


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", default="dyck-small", choices=SHAPES)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    s = SHAPES[args.config]
    model = Model(**s)
    # phaselab's initialisation (normal, std 0.02; zero biases). PyTorch's default N(0, 1)
    # embeddings make the tied BERT decoder's logits huge (loss ~40): its softmax then underflows
    # to subnormal floats, which x86 computes in microcode, and the twin measured the slow path.
    for mod in model.modules():
        if isinstance(mod, (nn.Linear, nn.Embedding)):
            nn.init.normal_(mod.weight, std=0.02)
        if isinstance(mod, nn.Linear) and mod.bias is not None:
            nn.init.zeros_(mod.bias)
    decay = [p for p in model.parameters() if p.dim() > 1]
    rest = [p for p in model.parameters() if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay}, {"params": rest, "weight_decay": 0.0}], lr=1e-4, weight_decay=0.01)
    n = s["batch"] * s["seq"]
    start, loss = None, None
    for step in range(args.warmup + args.steps):
        if step == args.warmup:
            start = time.perf_counter()
        ids = torch.randint(0, s["vocab"], (s["batch"], s["seq"]))
        targets = torch.randint(0, s["vocab"], (n,))
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(ids).view(n, s["vocab"]), targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    sec = time.perf_counter() - start
    print(json.dumps({"bench": "train", "config": args.config, "impl": "pytorch", "torch": torch.__version__,
                      "threads": args.threads, "steps": args.steps,
                      "params": sum(p.numel() for p in model.parameters()),
                      "ms_per_step": round(sec * 1e3 / args.steps, 2),
                      "tokens_per_s": round(args.steps * n / sec, 2), "final_loss": round(loss.item(), 2)}))


if __name__ == "__main__":
    main()
