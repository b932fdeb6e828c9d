#!/usr/bin/env python3
"""Compare two folders of runs trained from the same configs (e.g. before and after a refactor):
for every checkpoint, which tensors differ (by SHA-256 of their bytes); for every metrics.jsonl,
whether it is byte-identical. Tensors present only in the second folder are listed as new.

  scripts/compare-runs.py BEFORE_DIR AFTER_DIR      (scripts/train-slices.sh makes the folders)
"""
import glob, hashlib, json, os, struct, sys


def tensors(path):
    b = open(path, 'rb').read()
    n = struct.unpack('<Q', b[:8])[0]
    header = json.loads(b[8:8 + n])
    base = 8 + n
    return {k: hashlib.sha256(b[base + v['data_offsets'][0]:base + v['data_offsets'][1]]).hexdigest()
            for k, v in header.items() if k != '__metadata__'}


def main(a, b):
    for run in sorted(os.listdir(a)):
        if not os.path.isdir(os.path.join(a, run)):
            continue
        for ck in sorted(glob.glob(os.path.join(a, run, 'checkpoints', '*.safetensors'))):
            other = os.path.join(b, run, 'checkpoints', os.path.basename(ck))
            if not os.path.exists(other):
                print(run, os.path.basename(ck), 'MISSING')
                continue
            ta, tb = tensors(ck), tensors(other)
            new = sorted(set(tb) - set(ta))
            diff = sorted(k for k in set(ta) | set(tb) if ta.get(k) != tb.get(k) and k not in new)
            print(run, os.path.basename(ck), 'IDENTICAL' if not diff else 'DIFF %d: %s' % (len(diff), diff[:6]),
                  '(new: %s)' % new if new else '')
        ma, mb = os.path.join(a, run, 'metrics.jsonl'), os.path.join(b, run, 'metrics.jsonl')
        if os.path.exists(ma):
            ra = open(ma).read().splitlines()
            rb = open(mb).read().splitlines() if os.path.exists(mb) else []
            print(run, 'metrics.jsonl', 'IDENTICAL' if ra == rb else 'DIFF (%d vs %d rows)' % (len(ra), len(rb)))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
