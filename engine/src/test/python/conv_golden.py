#!/usr/bin/env python3
"""Golden values for phaselab's Conv2d and MaxPool2d: PyTorch's F.conv2d and F.max_pool2d on fixed
random inputs, with the gradients of sum(y * dy). Writes OUT_DIR/golden_conv.safetensors.
Usage: conv_golden.py OUT_DIR"""
import sys

import torch
import torch.nn.functional as F

from make_golden import write_safetensors


def main():
    out = sys.argv[1]
    gen = torch.Generator().manual_seed(7)
    tensors = {}
    # conv: N 2, C 3, 7 x 6 input, 4 output channels, 3 x 3 kernel, stride 2, padding 1
    x = torch.randn(2, 3, 7, 6, generator=gen, requires_grad=True)
    w = torch.randn(4, 3, 3, 3, generator=gen, requires_grad=True)
    b = torch.randn(4, generator=gen, requires_grad=True)
    y = F.conv2d(x, w, b, stride=2, padding=1)
    dy = torch.randn(y.shape, generator=gen)
    (y * dy).sum().backward()
    tensors.update({"conv.x": x, "conv.w": w, "conv.b": b, "conv.dy": dy, "conv.y": y,
                    "conv.dx": x.grad, "conv.dw": w.grad, "conv.db": b.grad})
    # max pool: 2 x 2 windows, stride 2, on a 2 x 3 x 6 x 8 input (distinct values, no ties)
    p = torch.randn(2, 3, 6, 8, generator=gen, requires_grad=True)
    q = F.max_pool2d(p, 2, 2)
    dq = torch.randn(q.shape, generator=gen)
    (q * dq).sum().backward()
    tensors.update({"pool.x": p, "pool.dy": dq, "pool.y": q, "pool.dx": p.grad})
    write_safetensors(f"{out}/golden_conv.safetensors", {k: v.detach() for k, v in tensors.items()},
                      {"version": "1", "torch": torch.__version__})


if __name__ == "__main__":
    main()
