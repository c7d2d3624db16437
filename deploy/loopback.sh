#!/usr/bin/env bash
# deploy/README.md, steps 3–7, on one machine: loopback ports, a self-signed certificate, no systemd (the app servers
# and the worker run the unit files' own ExecStart lines), a throw-away PostgreSQL database and a private Redis.
#   deploy/loopback.sh [postgres://postgres@127.0.0.1:5432]
# Prints each step and the checks; exit status 0 when the site answers over HTTPS through nginx. Cleans up on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
PG=${1:-postgres://postgres@127.0.0.1:5432}
PREFIX=$(mktemp -d /tmp/ttx-loopback-XXXX)
DB="trouve_loopback_$$"
pids=()
port() { .venv/bin/python -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG/postgres" -qAtc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$PREFIX"
}
trap cleanup EXIT
APP1=$(port); APP2=$(port); HTTP=$(port); HTTPS=$(port); REDIS_PORT=$(port)
SMTP_PORT=$(port)  # nothing listens there: mail stays in the outbox, retried (no mail leaves this machine)

echo "== 2. database and Redis"
psql "$PG/postgres" -qAtc "CREATE DATABASE \"$DB\"" >/dev/null
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null &
pids+=($!)

echo "== 3. the code: this checkout and its .venv; translations"
.venv/bin/python manage.py compilemessages --ignore=.venv --verbosity=0

echo "== 4. settings: deploy/trouve.env.example with this machine's values"
secret=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(64))")
sed -e "s#^SECRET_KEY=.*#SECRET_KEY=$secret#" \
    -e "s#^ALLOWED_HOSTS=.*#ALLOWED_HOSTS=localhost#" \
    -e "s#^CSRF_TRUSTED_ORIGINS=.*#CSRF_TRUSTED_ORIGINS=https://localhost:$HTTPS#" \
    -e "s#^SITE_URL=.*#SITE_URL=https://localhost:$HTTPS#" \
    -e "s#^DATABASE_URL=.*#DATABASE_URL=$PG/$DB#" \
    -e "s#^CACHE_URL=.*#CACHE_URL=redis://127.0.0.1:$REDIS_PORT/1#" \
    -e "s#^REDIS_URL=.*#REDIS_URL=redis://127.0.0.1:$REDIS_PORT/2#" \
    -e "s#^TRUSTED_PROXIES=.*#TRUSTED_PROXIES=127.0.0.1#" \
    -e "s#^EMAIL_URL=.*#EMAIL_URL=smtp://127.0.0.1:$SMTP_PORT#" \
    deploy/trouve.env.example > "$PREFIX/trouve.env"
set -a; . "$PREFIX/trouve.env"; set +a

echo "== 5. migrate, collectstatic, check --deploy, reference data"
.venv/bin/python manage.py migrate --verbosity=0
.venv/bin/python manage.py collectstatic --noinput --verbosity=0
.venv/bin/python manage.py check --deploy
.venv/bin/python manage.py load_sample_data --reference-only --verbosity=0

echo "== 6. two app servers and a worker, from the unit files' ExecStart"
execstart() {  # the ExecStart of a unit, continuation lines joined, %i and %% expanded, /srv/trouve → this checkout
  sed -n '/^ExecStart=/,/[^\\]$/p' "deploy/systemd/$1" | sed -e 's/^ExecStart=//' -e 's/\\$//' | tr '\n' ' ' |
    sed -e "s#%i#$2#g" -e 's/%%/%/g' -e "s#/srv/trouve#$REPO#g" -e "s#0.0.0.0:#127.0.0.1:#"
}
for app_port in "$APP1" "$APP2"; do
  eval "$(execstart 'trouve-app@.service' "$app_port")" >>"$PREFIX/app.log" 2>&1 &
  pids+=($!)
done
eval "$(execstart trouve-worker.service -)" >>"$PREFIX/worker.log" 2>&1 &
pids+=($!)
for app_port in "$APP1" "$APP2"; do
  for _ in $(seq 1 150); do curl -fsS -H 'Host: localhost' "http://127.0.0.1:$app_port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  echo "app server :$app_port /healthz → $(curl -sS -H 'Host: localhost' "http://127.0.0.1:$app_port/healthz")"
done

echo "== 7. nginx with deploy/nginx/* and a self-signed certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -keyout "$PREFIX/privkey.pem" -out "$PREFIX/fullchain.pem" 2>/dev/null
mkdir -p "$PREFIX/conf.d" "$PREFIX/snippets" "$PREFIX/sites"
cp deploy/nginx/trouve-log.conf "$PREFIX/conf.d/"
cp deploy/nginx/trouve-proxy.conf deploy/nginx/trouve-locations.conf "$PREFIX/snippets/"
# The site file as an administrator edits it: addresses, certificate, static files and log paths.
sed -e "s#server 10.0.0.11:8000#server 127.0.0.1:$APP1#" -e "s#server 10.0.0.12:8000#server 127.0.0.1:$APP2#" \
    -e "s#listen 80;#listen 127.0.0.1:$HTTP;#" -e "s#listen 443 ssl http2;#listen 127.0.0.1:$HTTPS ssl http2;#" \
    -e '/listen \[::\]/d' -e "s#trouve.example#localhost#" \
    -e "s#/etc/ssl/trouve/#$PREFIX/#" -e "s#/srv/trouve/staticfiles/#$REPO/staticfiles/#" \
    -e "s#/var/log/nginx/trouve.access.log#$PREFIX/access.log#" \
    deploy/nginx/trouve.conf > "$PREFIX/sites/trouve.conf"
cat > "$PREFIX/nginx.conf" <<NGINX
worker_processes 1;
pid $PREFIX/nginx.pid;
error_log $PREFIX/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    include conf.d/*.conf;
    client_body_temp_path $PREFIX/body; proxy_temp_path $PREFIX/proxy; fastcgi_temp_path $PREFIX/fastcgi;
    uwsgi_temp_path $PREFIX/uwsgi; scgi_temp_path $PREFIX/scgi;
    include sites/*.conf;
}
NGINX
nginx -t -c "$PREFIX/nginx.conf" -p "$PREFIX" -e "$PREFIX/error.log"
nginx -c "$PREFIX/nginx.conf" -p "$PREFIX" -e "$PREFIX/error.log" -g 'daemon off;' &
pids+=($!)
sleep 1

echo "== checks through nginx (https://localhost:$HTTPS)"
ok=0
check() {  # description, expected status, curl arguments...
  local what=$1 want=$2; shift 2
  local got; got=$(curl -ks -o /dev/null -w '%{http_code}' "$@")
  if [ "$got" = "$want" ]; then echo "ok   $what → $got"; else echo "FAIL $what → $got (wanted $want)"; ok=1; fi
}
check "GET /healthz" 200 "https://localhost:$HTTPS/healthz"
check "GET /fr/ (home)" 200 "https://localhost:$HTTPS/fr/"
check "GET /fr/search/?near=G1R" 200 "https://localhost:$HTTPS/fr/search/?near=G1R"
check "GET /api/v1/search?near=G1R" 200 "https://localhost:$HTTPS/api/v1/search?near=G1R"
css=$(curl -ks "https://localhost:$HTTPS/fr/" | grep -o '/static/[^"]*\.css' | head -1)
check "GET $css (nginx, from collectstatic)" 200 "https://localhost:$HTTPS$css"
echo "     its Cache-Control: $(curl -ksI "https://localhost:$HTTPS$css" | grep -i '^cache-control' | tr -d '\r' | tail -1)"
check "GET http:// (redirect to HTTPS)" 301 "http://localhost:$HTTP/fr/"
check "GET /fr/accounts/login/" 200 "https://localhost:$HTTPS/fr/accounts/login/"
echo "     HSTS: $(curl -ksI "https://localhost:$HTTPS/fr/" | grep -i '^strict-transport' | tr -d '\r')"
echo "     both app servers used: $(awk '{print $(NF-2)}' "$PREFIX/access.log" | grep -c "127.0.0.1:$APP1") requests on :$APP1, $(awk '{print $(NF-2)}' "$PREFIX/access.log" | grep -c "127.0.0.1:$APP2") on :$APP2"
echo "     access log has no query string: $(grep -c 'near=' "$PREFIX/access.log" || true) lines with 'near='"
[ "$ok" = 0 ] && echo "Loopback deployment works." || echo "Loopback deployment FAILED."
exit "$ok"
