#!/usr/bin/env python3
"""Reads a TensorBoard event file independently of phaselab: TensorBoard's own event.proto and
summary.proto (the scalar fields, field numbers as in tensorflow/tensorboard) compiled by protoc,
the TFRecord framing checked with a CRC32C of its own. Prints one line per scalar: step<TAB>tag<TAB>value.

Usage: read_tfevents.py PROTO_OUT_DIR EVENT_FILE
"""
import struct
import sys

sys.path.insert(0, sys.argv[1])
import event_pb2  # noqa: E402  (compiled by the test from event.proto)

POLY = 0x82F63B78  # CRC-32C (Castagnoli), reflected
TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ POLY if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


with open(sys.argv[2], "rb") as f:
    blob = f.read()
pos = 0
first = True
while pos < len(blob):
    header = blob[pos:pos + 8]
    (length,) = struct.unpack("<Q", header)
    (crc_len,) = struct.unpack("<I", blob[pos + 8:pos + 12])
    assert crc_len == masked(header), "length CRC mismatch at %d" % pos
    data = blob[pos + 12:pos + 12 + length]
    (crc_data,) = struct.unpack("<I", blob[pos + 12 + length:pos + 16 + length])
    assert crc_data == masked(data), "data CRC mismatch at %d" % pos
    pos += 16 + length
    event = event_pb2.Event()
    event.ParseFromString(data)
    if first:
        assert event.file_version == "brain.Event:2", event.file_version
        first = False
        continue
    for v in event.summary.value:
        print("%d\t%s\t%r" % (event.step, v.tag, v.simple_value))
