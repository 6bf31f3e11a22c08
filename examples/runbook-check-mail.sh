#!/usr/bin/env bash
# Runbook step: probe our mail endpoints through a mailtls server and fail the step when one fails.
#
#   MAILTLS_URL=https://mailtls.internal MAILTLS_TOKEN=... ./runbook-check-mail.sh \
#       "mx1.example.com 25 starttls" "smtp.example.com 587" "imap.example.com 993"
#
# Prints every card for the incident log, then exits:
#   0  every target ok (or only warnings, unless MAILTLS_FAIL_ON=warnings)
#   1  a target has warnings and MAILTLS_FAIL_ON=warnings (or warning)
#   2  a target failed, or was refused (address policy, throttling)
#   3  mailtls itself could not answer (unreachable, bad token, bad input)
# Needs only bash and curl. A throttled request (429) is retried once after its Retry-After.
set -euo pipefail

url="${MAILTLS_URL:-http://127.0.0.1:8080}"
token="${MAILTLS_TOKEN:?set MAILTLS_TOKEN to an API token of the mailtls server}"
fail_on="${MAILTLS_FAIL_ON:-failure}"
case "$fail_on" in
  failure | failures) fail_on=failure ;;
  warning | warnings) fail_on=warning ;;
  *) echo "MAILTLS_FAIL_ON must be 'failure' or 'warnings', not '$fail_on'" >&2; exit 3 ;;
esac
if [ "$#" -eq 0 ]; then
  echo "usage: $0 '<host> [port] [transport] [protocol]' ..." >&2
  exit 3
fi

# The batch body: each target is a command string in the chat grammar; JSON-escape \ and ".
body='{"targets": ['
sep=''
for t in "$@"; do
  t="${t//\\/\\\\}"
  t="${t//\"/\\\"}"
  body+="$sep\"$t\""
  sep=', '
done
body+=']}'

out="$(mktemp)"
headers="$(mktemp)"
trap 'rm -f "$out" "$headers"' EXIT

ask() {
  # curl prints 000 itself when it gets no answer; print exactly one code either way.
  local c
  c="$(curl -sS --max-time 180 -o "$out" -D "$headers" -w '%{http_code}' \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data "$body" "$url/api/v1/probes/batch?format=text" 2>/dev/null)" || c=000
  echo "${c:-000}"
}

code="$(ask)"
if [ "$code" = 429 ]; then
  wait_s="$(grep -i '^retry-after:' "$headers" | tr -dc '0-9')"
  echo "mailtls is throttling; retrying in ${wait_s:-10} s" >&2
  sleep "${wait_s:-10}"
  code="$(ask)"
fi

case "$code" in
  200) ;;
  000) echo "mailtls at $url did not answer (connection refused, timed out or not HTTP)" >&2; exit 3 ;;
  401) echo "mailtls refused the token (401): check MAILTLS_TOKEN" >&2; exit 3 ;;
  *) echo "mailtls answered HTTP $code:" >&2; cat "$out" >&2; echo >&2; exit 3 ;;
esac

cat "$out"
# The text format's first line is "Batch: <ok|warning|failure> (N targets)".
status="$(head -n 1 "$out" | sed -n 's/^Batch: \([a-z]*\).*/\1/p')"
case "$status" in
  ok) exit 0 ;;
  warning) [ "$fail_on" = warning ] && exit 1; exit 0 ;;
  failure) exit 2 ;;
  *) echo "unexpected answer from mailtls" >&2; exit 3 ;;
esac
