#!/usr/bin/env python3
"""Write a C file that holds the given asset files as byte arrays.

Usage: embed.py OUTPUT.c FILE...  Each file is named by its path below assets/.
"""
import os
import sys


def main():
    out, inputs = sys.argv[1], sys.argv[2:]
    lines = ['#include "dateline/embedded.h"', '']
    names = []
    for i, path in enumerate(inputs):
        with open(path, 'rb') as f:
            data = f.read()
        rel = path.replace(os.sep, '/').split('assets/', 1)[-1]
        names.append((rel, i, len(data)))
        lines.append('static const unsigned char data%d[] = {' % i)
        for k in range(0, len(data), 16):
            lines.append('  ' + ','.join(str(b) for b in data[k:k + 16]) + ',')
        lines.append('  0\n};')
    lines.append('const struct embedded_file embedded_files[] = {')
    for rel, i, n in names:
        lines.append('  { "%s", (const char *)data%d, %d },' % (rel, i, n))
    lines.append('  { 0, 0, 0 }\n};')
    with open(out, 'w') as f:
        f.write('\n'.join(lines) + '\n')


if __name__ == '__main__':
    main()
