#!/usr/bin/env bash
# Development PKI and keys for the local platform and tests.
# Usage: certs.sh OUTDIR
# Creates only what is missing; existing files are never overwritten.
#
#   OUTDIR/ca.pem ca.key                      development CA (EC P-256, 10 years)
#   OUTDIR/services/<svc>.pem .key            CN service:<svc>, SAN localhost/127.0.0.1,
#                                             serverAuth+clientAuth
#   OUTDIR/agencies/<code>.pem .key           CN agency:<code>, clientAuth
#   OUTDIR/clients/<name>.pem .key            CN client:<name>, clientAuth
#   OUTDIR/https/console.pem .key             the console's browser-facing HTTPS: CN
#                                             console.localhost, SAN localhost/127.0.0.1,
#                                             serverAuth only (no identity for the services)
#   OUTDIR/jwt-signing.key jwt-signing.pub    ES256 token signing pair (PEM, PKCS#8)
#   OUTDIR/data-encryption.key data-hmac.key  64 hex chars each
# Env: SHOUHU_CERT_DAYS  leaf validity in days (default 1825)
set -euo pipefail

(($# == 1)) || { echo "usage: $0 OUTDIR" >&2; exit 2; }

OUT="$1"
LEAF_DAYS="${SHOUHU_CERT_DAYS:-1825}"
CA_DAYS=3650

SERVICES=(referral aid visit guardianship oversight)
AGENCIES=(
  "edu-renhuai|仁怀市教育局"
  "fulian-renhuai|仁怀市妇联"
  "police-renhuai|仁怀市公安局"
  "school-renhuai-1|仁怀市第一中学"
  "edu-xishui|习水县教育局"
  "minzheng-renhuai|仁怀市民政局"
  "tuanwei-renhuai|共青团仁怀市委员会"
)
CLIENTS=(shouhu-cli shouhu-bench shouhu-console)

umask 077
mkdir -p "$OUT/services" "$OUT/agencies" "$OUT/clients" "$OUT/https"
OUT="$(cd "$OUT" && pwd)"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

created=0

new_ec_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

ensure_ca() {
  if [[ -f "$OUT/ca.pem" && -f "$OUT/ca.key" ]]; then
    return 0
  fi
  if [[ -f "$OUT/ca.pem" || -f "$OUT/ca.key" ]]; then
    echo "certs: $OUT has only one of ca.pem/ca.key; remove it or restore the pair" >&2
    exit 1
  fi
  new_ec_key "$OUT/ca.key"
  openssl req -x509 -new -key "$OUT/ca.key" -sha256 -days "$CA_DAYS" \
    -subj "/CN=Shouhu Dev CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$OUT/ca.pem" 2>/dev/null
  chmod 644 "$OUT/ca.pem"
  created=$((created + 1))
}

# issue BASE SUBJECT EKU [SAN]
issue() {
  local base="$1" subject="$2" eku="$3" san="${4:-}"
  if [[ -f "$base.pem" ]]; then
    return 0
  fi
  [[ -f "$base.key" ]] || new_ec_key "$base.key"
  local ext="$TMP/ext.cnf" csr="$TMP/req.csr"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature"
    echo "extendedKeyUsage=$eku"
    echo "subjectKeyIdentifier=hash"
    echo "authorityKeyIdentifier=keyid"
    if [[ -n "$san" ]]; then echo "subjectAltName=$san"; fi
  } >"$ext"
  openssl req -new -utf8 -key "$base.key" -subj "$subject" -out "$csr" 2>/dev/null
  openssl x509 -req -in "$csr" -CA "$OUT/ca.pem" -CAkey "$OUT/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -sha256 -days "$LEAF_DAYS" \
    -extfile "$ext" -out "$base.pem" 2>/dev/null
  chmod 644 "$base.pem"
  created=$((created + 1))
}

ensure_jwt_keys() {
  local key="$OUT/jwt-signing.key" pub="$OUT/jwt-signing.pub"
  if [[ ! -f "$key" ]]; then
    openssl ecparam -genkey -name prime256v1 -noout -out "$TMP/jwt-ec.pem" 2>/dev/null
    openssl pkcs8 -topk8 -nocrypt -in "$TMP/jwt-ec.pem" -out "$key"
    chmod 600 "$key"
    rm -f "$pub"
    created=$((created + 1))
  fi
  if [[ ! -f "$pub" ]]; then
    openssl pkey -in "$key" -pubout -out "$pub" 2>/dev/null
    chmod 644 "$pub"
    created=$((created + 1))
  fi
}

ensure_hex_key() {
  local file="$1"
  [[ -f "$file" ]] && return 0
  printf '%s' "$(openssl rand -hex 32)" >"$file"
  chmod 600 "$file"
  created=$((created + 1))
}

ensure_ca

for svc in "${SERVICES[@]}"; do
  issue "$OUT/services/$svc" "/CN=service:$svc" "serverAuth,clientAuth" \
    "DNS:localhost,IP:127.0.0.1"
done
for entry in "${AGENCIES[@]}"; do
  code="${entry%%|*}"
  name="${entry#*|}"
  issue "$OUT/agencies/$code" "/O=$name/CN=agency:$code" "clientAuth"
done
for client in "${CLIENTS[@]}"; do
  issue "$OUT/clients/$client" "/CN=client:$client" "clientAuth"
done
issue "$OUT/https/console" "/CN=console.localhost" "serverAuth" "DNS:localhost,IP:127.0.0.1"

ensure_jwt_keys
ensure_hex_key "$OUT/data-encryption.key"
ensure_hex_key "$OUT/data-hmac.key"

# Verify every leaf against the CA (catches a CA replaced under old leaves).
failed=0
for pem in "$OUT"/services/*.pem "$OUT"/agencies/*.pem "$OUT"/clients/*.pem "$OUT"/https/*.pem; do
  if ! openssl verify -CAfile "$OUT/ca.pem" "$pem" >/dev/null 2>&1; then
    echo "certs: verify failed: $pem" >&2
    failed=1
  elif ! openssl x509 -in "$pem" -noout -checkend $((30 * 86400)) >/dev/null; then
    echo "certs: expires within 30 days: $pem (delete it and rerun)" >&2
  fi
done
if ! openssl pkey -pubin -in "$OUT/jwt-signing.pub" -noout 2>/dev/null; then
  echo "certs: bad jwt-signing.pub" >&2
  failed=1
fi
for f in "$OUT/data-encryption.key" "$OUT/data-hmac.key"; do
  if ! [[ "$(tr -d '[:space:]' <"$f")" =~ ^[0-9a-f]{64}$ ]]; then
    echo "certs: $f is not 64 hex chars" >&2
    failed=1
  fi
done
((failed == 0)) || exit 1

echo "certs: $OUT ready ($created new)"
