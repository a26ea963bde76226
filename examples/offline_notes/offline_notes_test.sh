#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Three offline_notes replicas on loopback. Offline and concurrently: two title edits of the
# same note (a conflict every replica shows, then resolved by an edit), tag and done changes
# racing their removal, and a note removed while another replica edits it; after sync the
# three lists are identical and say what the CRDTs promise. Then a client that dies mid-sync
# and runs again, hostile bytes on the socket and corrupted storage, which must change nothing.
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

# Every replica must list exactly `expected`.
converged() {
    local r got
    for r in a b c; do
        got="$(n "$r" list)"
        [ "$got" = "$expected" ] || fail "$1: replica $r lists
$got
expected
$expected"
    done
}

trip="$(n a add "Plan the trip")"
milk="$(n a add "Buy milk")"
plants="$(n a add "Water the plants")"
bank="$(n a add "Call the bank")"
[ "$trip" = "$(n a id)-1" ] || fail "a note id is not the replica id and a counter: $trip"
n a tag "$milk" shopping
n a done "$plants"
n a serve --port-file a.port >a.log 2>&1 &
server_pid=$!
for _ in $(seq 50); do [ -s a.port ] && break; sleep 0.1; done
[ -s a.port ] || fail "server did not start"
peer="127.0.0.1:$(cat a.port)"

n b sync --peer "$peer"
n c sync --peer "$peer"
n b show "$milk" | grep -qx "tags:  shopping" || fail "b did not receive the tag"

# Offline, concurrently:
n b edit "$trip" title "Trip to Rome"     # b and c retitle the same note
n c edit "$trip" title "Trip to Lisbon"
n b tag "$trip" travel                    # each tags it
n c tag "$trip" summer
n b untag "$milk" shopping                # b drops a tag that c adds again
n c tag "$milk" shopping
n b undone "$plants"                      # b reopens a note that c marks done again
n c done "$plants"
n a remove "$bank"                        # a removes a note that b retitles
n b edit "$bank" title "Call the bank about the card"
n a tag "$milk" weekend                   # one-sided changes
n c done "$milk"
[ "$(n b list | grep -c .)" = 4 ] && [ "$(n a list | grep -c .)" = 3 ] ||
    fail "offline edits leaked between replicas"

n b sync --peer "$peer"
n c sync --peer "$peer"
n b sync --peer "$peer"

# The two concurrent titles are listed in the order of their writes' dots: by replica id.
if [[ "$(n b id)" < "$(n c id)" ]]; then
    titles='"Trip to Rome" | "Trip to Lisbon" (conflict)'
else
    titles='"Trip to Lisbon" | "Trip to Rome" (conflict)'
fi
expected="$trip  $titles  #summer  #travel
$milk  \"Buy milk\"  #shopping  #weekend  [done]
$plants  \"Water the plants\"  [done]
$bank  \"Call the bank about the card\""
converged "after the offline edits"
n c show "$trip" | grep -qxF "title: $titles" || fail "show does not show the conflict"
echo "three replicas converged; the concurrent titles show as: $titles"

# Resolving the conflict is just the next edit, made by a replica that has seen both values.
n c edit "$trip" title "Trip to Lisbon, then Rome"
n c show "$trip" | grep -qxF 'title: "Trip to Lisbon, then Rome"' || fail "the edit did not resolve"
n c sync --peer "$peer"
n b sync --peer "$peer"
expected="$trip  \"Trip to Lisbon, then Rome\"  #summer  #travel
$milk  \"Buy milk\"  #shopping  #weekend  [done]
$plants  \"Water the plants\"  [done]
$bank  \"Call the bank about the card\""
converged "after the resolving edit"
echo "conflict resolved on every replica"

# Edits of a note that does not exist fail and change nothing.
before="$("$tamper" c.sqlite dump)"
if n c edit "$milk-x" title "x" 2>err.txt; then fail "edit of a missing note succeeded"; fi
grep -q "no note $milk-x" err.txt || fail "no clear error: $(cat err.txt)"
[ "$("$tamper" c.sqlite dump)" = "$before" ] || fail "a failed edit wrote to c"

# A client killed after its first exchange (before saving what it received) loses nothing:
# its own edit is still there and the next sync completes.
mom="$(n c add "Call mom")"
if n c sync --peer "$peer" --exit-after-batches 1; then fail "sync should have died"; fi
n c list | grep -qxF "$mom  \"Call mom\"" || fail "c lost its own edit"
n c sync --peer "$peer"
n b sync --peer "$peer"
# Notes are listed by creating replica, then by counter.
if [[ "$(n c id)" < "$(n a id)" ]]; then
    expected="$mom  \"Call mom\"
$expected"
else
    expected="$expected
$mom  \"Call mom\""
fi
converged "after the crash"
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
if n d done "$milk" 2>/dev/null; then fail "done accepted corrupted storage"; fi
[ "$("$tamper" d.sqlite dump)" = "$damaged" ] || fail "a failed add wrote to corrupted storage"
echo "corrupted storage rejected: $(head -c 160 err.txt)"
cp b.sqlite e.sqlite
"$tamper" e.sqlite forge 10
if n e list 2>err.txt; then fail "list accepted a truncated state with a valid checksum"; fi
grep -q "at byte" err.txt || fail "decoder error without an offset: $(cat err.txt)"
echo "truncated state rejected: $(head -c 160 err.txt)"
# Cut in the middle of the notes themselves, past the endpoint's header.
cp b.sqlite f.sqlite
"$tamper" f.sqlite forge $(($("$tamper" f.sqlite dump | tr -d '\n' | wc -c) / 4))
if n f list 2>err.txt; then fail "list accepted a document cut in half"; fi
grep -q "at byte" err.txt || fail "decoder error without an offset: $(cat err.txt)"
echo "document cut in half rejected: $(head -c 160 err.txt)"
echo "offline_notes: all checks passed"
