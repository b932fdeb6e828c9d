#!/usr/bin/env python3
"""Writes the PyTorch reference values phaselab's engine is checked against.

Run with Debian's python3-torch:  /usr/bin/python3 make_golden.py OUT_DIR
For each model variant it writes OUT_DIR/golden_<variant>.safetensors holding, by name:
  param.<name>        initial parameters (names = phaselab's parameter names)
  input.*             token ids, targets, segment ids, padding mask (I64)
  out.logits          logits of the first forward pass
  out.loss            its cross-entropy loss
  grad.<name>         d loss / d parameter
  adamw.losses        the loss of each of 5 AdamW steps (computed before that step's update)
  after.<name>        parameters after the 5 steps
with metadata {"format": "phaselab-golden", "version": "1", "torch": <version>, ...}.
The Java side (ReferenceTorchTest) rebuilds the same model from param.*, and asserts agreement.
"""
import json
import math
import struct
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

FORMAT_VERSION = "1"
ADAMW = dict(lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
STEPS = 5


class Attention(nn.Module):
    def __init__(self, c, heads):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(c, c)
        self.key = nn.Linear(c, c)
        self.value = nn.Linear(c, c)
        self.proj = nn.Linear(c, c)

    def forward(self, x, allowed):  # x (B, T, C); allowed (B, 1, T, T) bool
        b, t, c = x.shape
        hs = c // self.heads
        q = self.query(x).view(b, t, self.heads, hs).transpose(1, 2)  # (B, NH, T, HS)
        k = self.key(x).view(b, t, self.heads, hs).transpose(1, 2)
        v = self.value(x).view(b, t, self.heads, hs).transpose(1, 2)
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        scores = scores.masked_fill(~allowed, float("-inf"))
        pattern = torch.softmax(scores, dim=-1)
        z = (pattern @ v).transpose(1, 2).reshape(b, t, c)
        return self.proj(z)


class FeedForward(nn.Module):
    def __init__(self, c, hidden):
        super().__init__()
        self.fc_in = nn.Linear(c, hidden)
        self.fc_out = nn.Linear(hidden, c)

    def forward(self, x):
        return self.fc_out(F.gelu(self.fc_in(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, c, heads, hidden, pre_ln, eps):
        super().__init__()
        self.pre_ln = pre_ln
        self.attn = Attention(c, heads)
        self.ln1 = nn.LayerNorm(c, eps=eps)
        self.mlp = FeedForward(c, hidden)
        self.ln2 = nn.LayerNorm(c, eps=eps)

    def forward(self, x, allowed):
        if self.pre_ln:
            x = x + self.attn(self.ln1(x), allowed)
            return x + self.mlp(self.ln2(x))
        x = self.ln1(x + self.attn(x, allowed))
        return self.ln2(x + self.mlp(x))


def sinusoids(t, c):
    pe = torch.zeros(t, c)
    for p in range(t):
        for i in range(0, c, 2):
            angle = p / (10000.0 ** (i / c))
            pe[p, i] = math.sin(angle)
            if i + 1 < c:
                pe[p, i + 1] = math.cos(angle)
    return pe


class Decoder(nn.Module):
    def __init__(self, vocab, c, heads, hidden, layers, max_seq, pre_ln, positions, embed_scale, tied):
        super().__init__()
        self.c, self.positions, self.embed_scale, self.tied = c, positions, embed_scale, tied
        self.embed = nn.Embedding(vocab, c)
        if positions == "learned":
            self.pos_embed = nn.Embedding(max_seq, c)
        self.blocks = nn.ModuleList([Block(c, heads, hidden, pre_ln, 1e-5) for _ in range(layers)])
        if pre_ln:
            self.final_ln = nn.LayerNorm(c, eps=1e-5)
        if not tied:
            self.unembed = nn.Linear(c, vocab, bias=False)

    def forward(self, ids):
        b, t = ids.shape
        x = self.embed(ids)
        if self.embed_scale:
            x = x * math.sqrt(self.c)
        if self.positions == "learned":
            x = x + self.pos_embed(torch.arange(t))
        else:
            x = x + sinusoids(t, self.c)
        allowed = torch.tril(torch.ones(t, t, dtype=torch.bool)).view(1, 1, t, t).expand(b, 1, t, t)
        for blk in self.blocks:
            x = blk(x, allowed)
        if hasattr(self, "final_ln"):
            x = self.final_ln(x)
        w = self.embed.weight if self.tied else self.unembed.weight
        return x @ w.t()


class MlmHead(nn.Module):
    def __init__(self, c, vocab, eps):
        super().__init__()
        self.transform = nn.Linear(c, c)
        self.ln = nn.LayerNorm(c, eps=eps)
        self.bias = nn.Parameter(torch.zeros(vocab))


class Encoder(nn.Module):
    def __init__(self, vocab, c, heads, hidden, layers, max_seq, eps):
        super().__init__()
        self.embed = nn.Embedding(vocab, c)
        self.pos_embed = nn.Embedding(max_seq, c)
        self.seg_embed = nn.Embedding(2, c)
        self.embed_ln = nn.LayerNorm(c, eps=eps)
        self.blocks = nn.ModuleList([Block(c, heads, hidden, False, eps) for _ in range(layers)])
        self.mlm = MlmHead(c, vocab, eps)

    def forward(self, ids, seg, valid):
        b, t = ids.shape
        x = self.embed(ids) + self.pos_embed(torch.arange(t)) + self.seg_embed(seg)
        x = self.embed_ln(x)
        allowed = valid.view(b, 1, 1, t).expand(b, 1, t, t)
        for blk in self.blocks:
            x = blk(x, allowed)
        h = self.mlm.ln(F.gelu(self.mlm.transform(x), approximate="tanh"))
        return h @ self.embed.weight.t() + self.mlm.bias


def randomize(model, gen):
    """Non-trivial values everywhere (biases and LayerNorm gains too), so every gradient is tested."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("ln.weight") or ".ln1.weight" in name or ".ln2.weight" in name or name.endswith("_ln.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=gen))


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        dtype = {torch.float32: "F32", torch.int64: "I64"}[t.dtype]
        data = t.numpy().tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


def run(model, loss_fn, inputs, out_path, meta):
    tensors = {f"param.{n}": p.detach().clone() for n, p in model.named_parameters()}
    tensors.update(inputs)
    logits, loss = loss_fn()
    loss.backward()
    tensors["out.logits"] = logits.detach().clone()
    tensors["out.loss"] = loss.detach().reshape(1).clone()
    for n, p in model.named_parameters():
        tensors[f"grad.{n}"] = p.grad.detach().clone()
    decay = [p for n, p in model.named_parameters() if p.dim() > 1]
    no_decay = [p for n, p in model.named_parameters() if p.dim() <= 1]
    opt = torch.optim.AdamW([{"params": decay}, {"params": no_decay, "weight_decay": 0.0}], **ADAMW)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        _, loss = loss_fn()
        losses.append(loss.item())
        loss.backward()
        opt.step()
    tensors["adamw.losses"] = torch.tensor(losses, dtype=torch.float32)
    for n, p in model.named_parameters():
        tensors[f"after.{n}"] = p.detach().clone()
    meta = dict(meta, format="phaselab-golden", version=FORMAT_VERSION, torch=torch.__version__,
                adamw=json.dumps(ADAMW), steps=str(STEPS))
    write_safetensors(out_path, tensors, meta)


def decoder_variant(out_dir, name, gen, **kw):
    b, t, vocab = 2, 6, 11
    model = Decoder(vocab, 16, 4, 32, 2, 8, **kw)
    randomize(model, gen)
    ids = torch.randint(0, vocab, (b, t), generator=gen)
    targets = torch.randint(0, vocab, (b, t), generator=gen)
    targets[0, 1] = -100  # an ignored position

    def loss_fn():
        logits = model(ids)
        return logits, F.cross_entropy(logits.view(b * t, vocab), targets.view(-1), ignore_index=-100)

    meta = {k: str(v) for k, v in kw.items()}
    meta.update(kind="decoder", vocab=str(vocab), width="16", heads="4", hidden="32", layers="2", max_seq="8")
    run(model, loss_fn, {"input.ids": ids, "input.targets": targets}, f"{out_dir}/golden_{name}.safetensors", meta)


def encoder_variant(out_dir, gen):
    b, t, vocab = 2, 7, 13
    model = Encoder(vocab, 16, 4, 32, 2, 8, 1e-12)
    randomize(model, gen)
    ids = torch.randint(0, vocab, (b, t), generator=gen)
    seg = torch.tensor([[0, 0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1, 1]])
    valid = torch.ones(b, t, dtype=torch.bool)
    valid[1, 5:] = False  # two [PAD] keys in the second sequence
    targets = torch.full((b, t), -100)
    targets[0, 2] = 5
    targets[0, 4] = 1
    targets[1, 1] = 12
    targets[1, 3] = 0

    def loss_fn():
        logits = model(ids, seg, valid)
        return logits, F.cross_entropy(logits.view(b * t, vocab), targets.view(-1), ignore_index=-100)

    inputs = {"input.ids": ids, "input.segments": seg, "input.valid": valid.long(), "input.targets": targets}
    meta = dict(kind="encoder", vocab=str(vocab), width="16", heads="4", hidden="32", layers="2", max_seq="8")
    run(model, loss_fn, inputs, f"{out_dir}/golden_encoder.safetensors", meta)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "."
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(20260101)
    decoder_variant(out_dir, "decoder", gen, pre_ln=False, positions="learned", embed_scale=False, tied=False)
    decoder_variant(out_dir, "decoder_preln_tied", gen, pre_ln=True, positions="sinusoidal", embed_scale=True, tied=True)
    encoder_variant(out_dir, gen)


if __name__ == "__main__":
    main()
