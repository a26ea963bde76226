#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Three offline_notes replicas on loopback: concurrent offline edits (an add and a remove of
# the same note among them), sync, identical lists; a client that dies mid-sync and runs
# again; hostile bytes on the socket and corrupted storage, which must change nothing.
set -euo pipefail
notes="$1"
tamper="$2"
work="$(mktemp -d)"
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
n() { "$notes" --db "$1.sqlite" "${@:2}"; }

n a add "buy milk"
n a add "water plants"
n a serve --port-file a.port >a.log 2>&1 &
server_pid=$!
for _ in $(seq 50); do [ -s a.port ] && break; sleep 0.1; done
[ -s a.port ] || fail "server did not start"
peer="127.0.0.1:$(cat a.port)"

n b sync --peer "$peer"
n c sync --peer "$peer"

# Offline, concurrently: b removes "buy milk" while c adds it again; a removes a note, b adds one.
n b remove "buy milk"
n c add "buy milk"
n a remove "water plants"
n b add "book flights"

n b sync --peer "$peer"
n c sync --peer "$peer"
n b sync --peer "$peer"

expected=$'book flights\nbuy milk'
for r in a b c; do
    got="$(n "$r" list)"
    [ "$got" = "$expected" ] || fail "replica $r lists '$got', expected '$expected'"
done
echo "three replicas converged: $(echo "$expected" | tr '\n' ',')"

# A client killed after its first exchange (before saving what it received) loses nothing:
# its own edit is still there and the next sync completes.
n c add "call mom"
if n c sync --peer "$peer" --exit-after-batches 1; then fail "sync should have died"; fi
n c list | grep -qx "call mom" || fail "c lost its own edit"
n c sync --peer "$peer"
n b sync --peer "$peer"
expected=$'book flights\nbuy milk\ncall mom'
for r in a b c; do
    [ "$(n "$r" list)" = "$expected" ] || fail "replica $r did not converge after the crash"
done
echo "converged again after a client died mid-sync"

# Hostile bytes on the socket: a hello, then a frame of garbage; then a frame claiming 4 GiB.
before="$("$tamper" a.sqlite dump)"
port="$(cat a.port)"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf '\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00\x00\x07' >&3
printf '\x00\x00\x00\x06garbag\x00\x00\x00\x00' >&3
sleep 0.3
exec 3>&-
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf '\xff\xff\xff\xff' >&3
sleep 0.3
exec 3>&-
[ "$("$tamper" a.sqlite dump)" = "$before" ] || fail "hostile bytes changed a's state"
grep -q "rejected a message" a.log || fail "server did not report the bad message"
grep -q "limit" a.log || fail "server did not report the oversized frame"
n b sync --peer "$peer" >/dev/null || fail "server stopped serving after hostile input"
echo "hostile bytes rejected, nothing changed: $(grep -c . a.log) log lines"

# Corrupted storage: a clear error, and nothing written.
cp b.sqlite d.sqlite
"$tamper" d.sqlite flip 6
damaged="$("$tamper" d.sqlite dump)"
if n d list 2>err.txt; then fail "list accepted corrupted storage"; fi
grep -q "cannot read the notes" err.txt || fail "no clear error: $(cat err.txt)"
if n d add "x" 2>/dev/null; then fail "add accepted corrupted storage"; fi
[ "$("$tamper" d.sqlite dump)" = "$damaged" ] || fail "a failed add wrote to corrupted storage"
echo "corrupted storage rejected: $(head -c 160 err.txt)"
cp b.sqlite e.sqlite
"$tamper" e.sqlite forge 10
if n e list 2>err.txt; then fail "list accepted a truncated state with a valid checksum"; fi
grep -q "at byte" err.txt || fail "decoder error without an offset: $(cat err.txt)"
echo "truncated state rejected: $(head -c 160 err.txt)"
echo "offline_notes: all checks passed"
