#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# sparsify.py IN OUT [MAXBYTES]: write IN in the sparse seed format of
# tests/fuzz/sparse.h: its size, then its non-zero 512-byte sectors as
# chunks (adjacent sectors merged, up to 64 KiB - 1 a chunk), in file order,
# until MAXBYTES of chunk data (default 512 KiB).  The rest reads as zeros.
# Sectors of all 0xff (an NTFS $LogFile as mkntfs leaves it) are left out too.
import struct, sys

src, dst = sys.argv[1], sys.argv[2]
budget = int(sys.argv[3]) if len(sys.argv) > 3 else 512 * 1024
data = open(src, 'rb').read()
out = [struct.pack('<I', min(len(data), 64 << 20))]
used, i, n = 0, 0, min(len(data), 64 << 20)
zero = bytes(512)
ones = b'\xff' * 512


def blank(s):
    return s == zero[:len(s)] or s == ones[:len(s)]

while i < n and used < budget:
    if blank(data[i:i + 512]):
        i += 512
        continue
    j = i
    while j < n and j - i < 65024 and not blank(data[j:j + 512]) and used + (j - i) < budget:
        j += 512
    j = min(j, n)
    out.append(struct.pack('<IH', i, j - i) + data[i:j])
    used += j - i
    i = j
open(dst, 'wb').write(b''.join(out))
