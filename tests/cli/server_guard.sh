#!/usr/bin/env bash
# server_guard.sh - `clearance serve` against a misbehaving client, each
# check functional (no timing asserted; bench/bench_abuse.sh measures):
# the security headers of pages and API answers, 429 with Retry-After per
# key (another key unaffected) and per address, the per-address connection
# limit (another address still served), the header deadline shutting a
# half-sent request, 503 with Retry-After when the work queue is full while
# /v1/health answers, the refusals in /v1/metrics and the access log, and
# HTTPS with curl (--tls-cert/--tls-key, HSTS).  The sample lists keep it
# quick under the sanitizers.
# usage: bash server_guard.sh CLEARANCE_BINARY FIXTURES_DIR [SHARED_DATA_DIR]
set -u

BIN=$1
FIXTURES=$2
REPO=$(cd "$FIXTURES/../.." && pwd) || exit 1
SERVE_ARGS=(--list "$REPO/data/sample/lists" --rules "$REPO/data/rules")
. "$(dirname "$0")/lib/http.sh" || exit 1

KEYS=$T/keys
SK=$("$BIN" keys create --role screen --keys "$KEYS" 2>/dev/null) || fail "keys create" 0 $?
SK2=$("$BIN" keys create --role screen --keys "$KEYS" 2>/dev/null)
AK=$("$BIN" keys create --role analyst --keys "$KEYS" 2>/dev/null)

# hdr NAME: a header of the last response ($T/hdr), value only
hdr() { sed -n "s/^$1: \(.*\)\r$/\1/Ip" "$T/hdr" | head -1; }
# get PATH KEY [curl args...]: like req, headers in $T/hdr
get() {
	local p=$1 k=$2
	shift 2
	req GET "$p" "$k" -D "$T/hdr" "$@"
}

# ---- flags ------------------------------------------------------------------
for bad in "--rate screen=x" "--rate root=5" "--max-per-address 0" "--header-timeout -1" \
	"--tls-cert $T/none.pem"; do
	# shellcheck disable=SC2086
	"$BIN" serve "${SERVE_ARGS[@]}" --listen 127.0.0.1:0 $bad >/dev/null 2>"$T/err.flag" &&
		fail "serve $bad: refused" "exit 2" "exit 0"
	[ -s "$T/err.flag" ] || fail "serve $bad: says why" "a message" ""
done

# ---- headers ----------------------------------------------------------------
start main --keys "$KEYS" --rate screen=2/3 --rate address=5/10 --max-per-address 4 \
	--header-timeout 1 --idle-timeout 1
get / ""; expect "page" 200
csp=$(hdr Content-Security-Policy)
case $csp in *"script-src 'self'"*"frame-ancestors 'none'"*) ;; *) fail "page CSP" "script-src 'self' ... frame-ancestors 'none'" "$csp" ;; esac
case $csp in *unsafe-inline*|*unsafe-eval*) fail "page CSP: nothing inline" "no unsafe-*" "$csp" ;; esac
[ "$(hdr Referrer-Policy)" = no-referrer ] || fail "Referrer-Policy" no-referrer "$(hdr Referrer-Policy)"
[ "$(hdr X-Frame-Options)" = DENY ] || fail "X-Frame-Options" DENY "$(hdr X-Frame-Options)"
[ -z "$(hdr Strict-Transport-Security)" ] || fail "no HSTS over plain HTTP" "" "$(hdr Strict-Transport-Security)"
get /v1/health ""; expect "health" 200
case $(hdr Content-Security-Policy) in *"default-src 'none'"*) ;; *) fail "API CSP" "default-src 'none'" "$(hdr Content-Security-Policy)" ;; esac
grep -qi '^X-Content-Type-Options: nosniff' "$T/hdr" || fail "API nosniff" nosniff "$(cat "$T/hdr")"
# the page itself holds no inline script or style attribute the CSP would block
grep -nE '<script>|<script [^>]*>[^<]|<style|\son[a-z]+=|style=' "$REPO/web/index.html" &&
	fail "web/index.html: no inline script or style" "none" "above"

# ---- rate limits: per key, per address ----------------------------------------
codes=""
for _ in 1 2 3 4 5 6; do
	req POST /v1/screen "$SK" -D "$T/hdr" -d '{"name":"Beijing Academy of AI"}'
	codes="$codes $CODE"
	[ "$CODE" = 429 ] && break
done
expect "a key over its rate (2/s, burst 3)" 429 error.status 429
ra=$(hdr Retry-After)
[ -n "$ra" ] && [ "$ra" -ge 1 ] || fail "429 Retry-After" ">= 1" "'$ra' (codes$codes)"
req POST /v1/screen "$SK2" -d '{"name":"Beijing Academy of AI"}'; expect "another key unaffected" 200
n=0
for _ in $(seq 1 30); do get /v1/health ""; [ "$CODE" = 429 ] && n=$((n + 1)); done
[ "$n" -ge 1 ] || fail "an address over its rate (5/s, burst 10) gets 429" ">= 1" "$n"
req GET /v1/health "" --interface 127.0.0.2; expect "another address unaffected" 200
sleep 1.1

# ---- per-address connections, header deadline ------------------------------
python3 - "$PORT" >"$T/conns" <<'PY' || fail "connections" "see below" "$(cat "$T/conns")"
import socket, sys, time, urllib.request
port = int(sys.argv[1])
held = []
for _ in range(4):  # the address's whole allowance, each half a request line
    c = socket.create_connection(("127.0.0.1", port))
    c.sendall(b"GET /v1/hea")
    held.append(c)
time.sleep(0.3)
extra = socket.create_connection(("127.0.0.1", port))
extra.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
extra.settimeout(5)
try:
    got = extra.recv(100)
except OSError:
    got = b""
print("fifth connection from 127.0.0.1:", "refused" if not got.startswith(b"HTTP/1.1 200") else "served")
other = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.2", 0))
other.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
other.settimeout(5)
print("from 127.0.0.2:", other.recv(12).decode())
# the header deadline (1 s) ends the half-sent requests: each reads EOF
closed = 0
for c in held:
    c.settimeout(15)
    try:
        closed += c.recv(100) == b""
    except OSError:
        closed += 1
print("half-sent requests closed by the deadline:", closed)
PY
grep -q "fifth connection from 127.0.0.1: refused" "$T/conns" || fail "per-address limit (4)" refused "$(cat "$T/conns")"
grep -q "from 127.0.0.2: HTTP/1.1 200" "$T/conns" || fail "another address served" "HTTP/1.1 200" "$(cat "$T/conns")"
grep -q "closed by the deadline: 4" "$T/conns" || fail "header deadline" 4 "$(cat "$T/conns")"

req GET /v1/metrics "$AK"; expect "metrics" 200
for m in 'clearance_requests_total{route="/v1/screen",status="429"}' \
	'clearance_requests_total{route="/v1/health",status="429"}' \
	'clearance_refused_total{reason="rate_key"}' 'clearance_refused_total{reason="rate_address"}' \
	clearance_connections clearance_queue_seconds; do
	grep -qF "$m" "$T/body" || fail "metrics: $m" present "$(grep refused "$T/body")"
done
grep -qE '^clearance_refused_total\{reason="deadline"\} [1-9]' "$T/body" ||
	fail "metrics: deadline refusals counted" ">= 1" "$(grep refused "$T/body")"
grep -qE '^clearance_refused_total\{reason="connection_limit"\} [1-9]' "$T/body" ||
	fail "metrics: connection-limit refusals counted" ">= 1" "$(grep refused "$T/body")"
grep -qE ' 127\.0\.0\.1 POST /v1/screen 429 ' "$T/err.main" ||
	fail "access log: the 429" "... POST /v1/screen 429 ..." "$(tail -3 "$T/err.main")"

# ---- overload: 503 at once, health still answers -----------------------------
start shed --rate address=off --threads 1 --queue-seconds 0.001
python3 -c 'import json; print(json.dumps({"records":[{"name":"Beijing Academy %d"%i} for i in range(1000)]}))' >"$T/batch"
req POST /v1/screen "" -d @"$T/batch"; expect "a batch (teaches the queue its rate)" 200
python3 - "$PORT" "$T/batch" >"$T/shed" <<'PY'
import sys, threading, urllib.request, urllib.error
port, body = int(sys.argv[1]), open(sys.argv[2], "rb").read()
codes = []
def one():
    r = urllib.request.Request("http://127.0.0.1:%d/v1/screen" % port, data=body,
                               headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(r, timeout=60) as f:
            codes.append((f.status, None))
    except urllib.error.HTTPError as e:
        codes.append((e.code, e.headers.get("Retry-After")))
ts = [threading.Thread(target=one) for _ in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print(" ".join("%d:%s" % c for c in sorted(codes, key=str)))
PY
grep -qE '503:[1-9]' "$T/shed" || fail "8 concurrent batches: some 503 with Retry-After" "503:N" "$(cat "$T/shed")"
grep -qE '200:None' "$T/shed" || fail "8 concurrent batches: some served" "200" "$(cat "$T/shed")"
[ "$(wc -w <"$T/shed")" = 8 ] || fail "every batch answered" 8 "$(cat "$T/shed")"
get /v1/health ""; expect "health after shedding" 200
req GET /v1/metrics ""
grep -qE '^clearance_refused_total\{reason="overload"\} [1-9]' "$T/body" ||
	fail "metrics: overload refusals counted" ">= 1" "$(grep refused "$T/body")"

# ---- TLS ----------------------------------------------------------------------
if command -v openssl >/dev/null 2>&1; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
		-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$T/key.pem" -out "$T/cert.pem" 2>"$T/openssl.err" ||
		fail "openssl: a test certificate" 0 "$(cat "$T/openssl.err")"
	"$BIN" serve "${SERVE_ARGS[@]}" --listen 127.0.0.1:0 --threads 2 --tls-cert "$T/cert.pem" \
		--tls-key "$T/key.pem" >"$T/out.tls" 2>"$T/err.tls" &
	PIDS+=($!)
	for _ in $(seq 1 300); do
		PORT=$(sed -n 's|^clearance: serving on https://127.0.0.1:\([0-9]*\)/$|\1|p' "$T/out.tls")
		[ -n "$PORT" ] && break
		sleep 0.1
	done
	[ -n "$PORT" ] || fail "TLS server starts" "serving on https://" "$(cat "$T/err.tls")"
	CODE=$(curl -s --cacert "$T/cert.pem" -D "$T/hdr" -o "$T/body" -w '%{http_code}' \
		"https://127.0.0.1:$PORT/v1/health")
	expect "health over TLS (curl --cacert)" 200 status ok
	[ "$(hdr Strict-Transport-Security)" = max-age=31536000 ] ||
		fail "HSTS over TLS" max-age=31536000 "$(hdr Strict-Transport-Security)"
	CODE=$(curl -s --cacert "$T/cert.pem" -o "$T/body" -w '%{http_code}' \
		-d '{"name":"Beijing Academy of AI"}' "https://127.0.0.1:$PORT/v1/screen")
	expect "screen over TLS" 200
	curl -s -m 5 -o /dev/null "http://127.0.0.1:$PORT/v1/health" &&
		fail "plain HTTP to the TLS port" "refused" "answered"
	printf 'not a key\n' >"$T/bad.pem"
	"$BIN" serve "${SERVE_ARGS[@]}" --listen 127.0.0.1:0 --tls-cert "$T/cert.pem" \
		--tls-key "$T/bad.pem" >/dev/null 2>"$T/err.badtls" && fail "serve: a bad TLS key" "exit 2" "exit 0"
else
	echo "server_guard: openssl absent, TLS not tested (scripts/install-deps.sh installs it)"
fi
echo "server_guard: all cases passed"
