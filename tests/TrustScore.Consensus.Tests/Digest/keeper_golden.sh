#!/usr/bin/env bash
# Test-only: the golden vectors of KeeperModelHashTests, computed without TrustScore — with the
# shell, find, sort and sha256sum, from the recipe as docs/formats.md §1b states it.
# Usage: bash keeper_golden.sh DIR   (DIR must not exist; the tree is written there)
set -euo pipefail
dir=$1
mkdir -p "$dir/a/c" "$dir/.git" "$dir/d/manifest.json"
printf 'dash' > "$dir/a-b"
printf 'dot' > "$dir/a.txt"
printf 'inside a' > "$dir/a/b"
printf 'deep' > "$dir/a/c/deep.bin"
printf 'skipped at depth' > "$dir/a/manifest.json"
printf 'skipped at depth' > "$dir/a/c/MODEL_HASH.txt"
printf 'top' > "$dir/manifest.json"
printf 'meta' > "$dir/export_metadata.json"
printf 'hash' > "$dir/MODEL_HASH.txt"
printf 'ref: refs/heads/main\n' > "$dir/.git/HEAD"
printf 'under a directory named like a skipped file' > "$dir/d/manifest.json/inner.bin"

# 1. By hand: the names in byte order, each followed by its bytes.
hand=$( { printf '%s' '.git/HEAD'; printf 'ref: refs/heads/main\n'
          printf '%s' 'a-b'; printf 'dash'
          printf '%s' 'a.txt'; printf 'dot'
          printf '%s' 'a/b'; printf 'inside a'
          printf '%s' 'a/c/deep.bin'; printf 'deep'
          printf '%s' 'd/manifest.json/inner.bin'; printf 'under a directory named like a skipped file'
        } | sha256sum | cut -d' ' -f1 )

# 2. By walking: every regular file but the skipped base names, names sorted bytewise.
walked=$( cd "$dir" && find . -type f ! -name export_metadata.json ! -name MODEL_HASH.txt ! -name manifest.json \
          | sed 's|^\./||' | LC_ALL=C sort \
          | while IFS= read -r f; do printf '%s' "$f"; cat "$f"; done | sha256sum | cut -d' ' -f1 )

[ "$hand" = "$walked" ] || { echo "hand $hand != walked $walked" >&2; exit 1; }
echo "tree $hand"
echo "empty $(printf '' | sha256sum | cut -d' ' -f1)"
echo "single $( { printf '%s' 'model.onnx'; printf 'w'; } | sha256sum | cut -d' ' -f1)"
# ModelFixtures.WriteOrderingTrap: a.txt ("beside a") before a/b ("inside a") in byte order.
echo "trap $( { printf '%s' 'a.txt'; printf 'beside a'; printf '%s' 'a/b'; printf 'inside a'; } | sha256sum | cut -d' ' -f1)"
# ModelFixtures.WriteUnicodeNames: UTF-8 byte order é (C3 A9) < U+FF21 (EF BC A1) < U+1F600 (F0 9F 98 80).
echo "unicode $( { printf '%s' $'caf\xc3\xa9.txt'; printf 'NFC e-acute'
                   printf '%s' $'\xef\xbc\xa1.txt'; printf 'fullwidth A (U+FF21)'
                   printf '%s' $'\xf0\x9f\x98\x80.txt'; printf 'emoji (U+1F600)'; } | sha256sum | cut -d' ' -f1)"
