#!/usr/bin/env bash
# Prints a bearer token for dev mode and the tests, signed with the DEV key pair in dev/jwt/.
# That key pair is public (it is in the repository): only the dev and test profiles trust it,
# and production reads its own issuer's key from MP_JWT_VERIFY_PUBLICKEY_LOCATION.
#
#   dev/token.sh ROLE [CLINIC] [USER] [MINUTES]
#   ROLE: viewer | nurse | physician | admin (several: nurse,physician)
#
#   TOKEN=$(dev/token.sh nurse)
#   curl -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/v1/sessions
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
role="${1:?usage: dev/token.sh ROLE [CLINIC] [USER] [MINUTES]}"
clinic="${2:-demo-clinic}"
user="${3:-dev.$(echo "$role" | cut -d, -f1)}"
minutes="${4:-480}"
issuer="https://infusion-tracker.dev/issuer"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
groups=$(printf '%s' "$role" | awk -F, '{for (i = 1; i <= NF; i++) printf "%s\"%s\"", (i > 1 ? "," : ""), $i}')
header='{"alg":"RS256","typ":"JWT","kid":"infusion-tracker-dev"}'
payload=$(printf '{"iss":"%s","aud":"infusion-tracker","sub":"%s","preferred_username":"%s","groups":[%s],"clinic":"%s","iat":%d,"exp":%d,"jti":"%s"}' \
    "$issuer" "$user" "$user" "$groups" "$clinic" "$now" "$((now + minutes * 60))" "$(openssl rand -hex 8)")
signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$here/jwt/private-key.pem" -binary | b64url)
printf '%s.%s\n' "$signing_input" "$signature"
