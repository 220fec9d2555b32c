#!/usr/bin/env bash
# servers.sh up|down DIR — the real servers the tests use, rootless where they can be, on 127.0.0.1 only:
#   Dovecot "full"    IMAP 10143, IMAPS 10993, LMTP 10024, submission 10587   domain example.test
#   Dovecot "limited" IMAP 11143, LMTP 11024, submission 11587 — no CONDSTORE/QRESYNC/MOVE, as BlueMind 5
#                                                               domain limited.test
#   OpenSMTPD relay   SMTP 10025 → LMTP of the profile owning the domain (must start as root)
#   Prosody (XMPP)    c2s 15222, HTTP 15280                     domain example.test, MUC conference.example.test
#   Radicale (CalDAV) 15232;  rclone WebDAV 15080 (alice/alicepw)
# Users alice, bob, carol with passwords alicepw, bobpw, carolpw everywhere; on Dovecot also dave/davepw, whose
# mailbox quota is 512 KiB (mailbox-full tests).
# BASTIDE_PORT_OFFSET (default 0) shifts every port, so that two sets can run side by side.
# Needs: dovecot-imapd dovecot-lmtpd dovecot-submissiond opensmtpd prosody lua-unbound radicale rclone (setup.sh).
set -euo pipefail
cmd=${1:?up|down}
F=${2:?folder}
U=${FIXTURE_USER:-bastide-fixture}
USERS=(alice bob carol)
QUOTA=512K
O=${BASTIDE_PORT_OFFSET:-0}
port() { echo $(($1 + O)); }

wait_port() {
  for _ in $(seq 1 100); do (echo >/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "servers: port $1 did not open" >&2
  return 1
}

if [ "$cmd" = down ]; then
  pids=()
  for p in "$F"/dovecot-*/run/master.pid "$F"/prosody/prosody.pid "$F"/radicale.pid "$F"/rclone.pid "$F"/smtpd.pid; do
    [ -f "$p" ] && pids+=("$(cat "$p")")
  done
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}"; do [ -d "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && exit 0
    sleep 0.1
  done
  echo "servers: some did not stop: ${pids[*]}" >&2
  exit 0
fi

id -u "$U" >/dev/null 2>&1 || useradd -M -s /usr/sbin/nologin "$U"
rm -rf "$F"
mkdir -p "$F"/prosody/{data,certs} "$F"/radicale/collections "$F"/dav
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=localhost \
  -keyout "$F/key.pem" -out "$F/cert.pem" 2>/dev/null

# dovecot_profile NAME IMAP IMAPS LMTP SUBMISSION EXTRA_IMAP_CONFIG
dovecot_profile() {
  local D=$F/dovecot-$1
  mkdir -p "$D"/{run,state,log,mail}
  : >"$D/users"
  for u in "${USERS[@]}"; do printf '%s:{PLAIN}%spw\n' "$u" "$u" >>"$D/users"; done
  # dave (IMAP/SMTP only) has a tiny quota, for the "mailbox full" tests; everyone else is unlimited.
  printf 'dave:{PLAIN}davepw\n' >>"$D/users"
  printf 'dave:::::::\n' >"$D/quota-users"
  cat >"$D/dovecot.conf" <<CONF
protocols = imap lmtp submission
listen = 127.0.0.1
base_dir = $D/run
state_dir = $D/state
log_path = $D/log/dovecot.log
default_internal_user = $U
default_internal_group = $U
default_login_user = $U
ssl = yes
ssl_cert = <$F/cert.pem
ssl_key = <$F/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
mailbox_idle_check_interval = 1 secs
hostname = localhost
# Test suites sign in as the same users from many connections at once.
mail_max_userip_connections = 200
mail_plugins = \$mail_plugins quota
plugin {
  quota = maildir:User quota
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $D/users
}
userdb {
  driver = passwd-file
  args = username_format=%n $D/quota-users
  default_fields = uid=$U gid=$U home=$D/mail/%n quota_rule=*:storage=$QUOTA
}
userdb {
  driver = static
  args = uid=$U gid=$U home=$D/mail/%n
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    port = $2
  }
  inet_listener imaps {
    port = $3
  }
}
service submission-login {
  chroot =
  inet_listener submission {
    port = $5
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $4
  }
}
protocol lmtp {
  auth_username_format = %n
}
submission_relay_host = 127.0.0.1
submission_relay_port = $(port 10025)
submission_relay_trusted = yes
$6
CONF
}

dovecot_profile full $(port 10143) $(port 10993) $(port 10024) $(port 10587) ""
# BlueMind 5's IMAP offers no CONDSTORE, QRESYNC or MOVE: advertise Dovecot's list without them. Its default
# message size limit (10 MiB) is kept too.
dovecot_profile limited $(port 11143) $(port 11994) $(port 11024) $(port 11587) "submission_max_mail_size = 10M
protocol imap {
  imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY SPECIAL-USE
}"

printf '@example.test %s\n@limited.test %s\n' "$U" "$U" >"$F/vusers"
cat >"$F/smtpd.conf" <<CONF
table vusers file:$F/vusers
listen on 127.0.0.1 port $(port 10025)
action "full" lmtp "127.0.0.1:$(port 10024)" rcpt-to virtual <vusers>
action "limited" lmtp "127.0.0.1:$(port 11024)" rcpt-to virtual <vusers>
match from any for domain "example.test" action "full"
match from any for domain "limited.test" action "limited"
CONF

cp "$F/cert.pem" "$F/prosody/certs/example.test.crt"
cp "$F/key.pem" "$F/prosody/certs/example.test.key"
cat >"$F/prosody/prosody.cfg.lua" <<CONF
pidfile = "$F/prosody/prosody.pid"
data_path = "$F/prosody/data"
certificates = "$F/prosody/certs"
log = { info = "$F/prosody/prosody.log" }
interfaces = { "127.0.0.1" }
c2s_ports = { $(port 15222) }
c2s_direct_tls_ports = { }
s2s_ports = { $(port 15269) }
http_ports = { $(port 15280) }
http_interfaces = { "127.0.0.1" }
https_ports = { }
authentication = "internal_hashed"
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
modules_enabled = { "roster"; "saslauth"; "tls"; "disco"; "carbons"; "pep"; "private"; "vcard4"; "version"; "ping"; "mam"; "bosh"; "websocket"; "smacks" }
modules_disabled = { "s2s" }
VirtualHost "example.test"
Component "conference.example.test" "muc"
  modules_enabled = { "muc_mam" }
CONF

: >"$F/radicale/users"
for u in "${USERS[@]}"; do printf '%s:%spw\n' "$u" "$u" >>"$F/radicale/users"; done
printf '[server]\nhosts = 127.0.0.1:%s\n[auth]\ntype = htpasswd\nhtpasswd_filename = %s\nhtpasswd_encryption = plain\n[storage]\nfilesystem_folder = %s\n' \
  "$(port 15232)" "$F/radicale/users" "$F/radicale/collections" >"$F/radicale/config"

chown -R "$U:$U" "$F"
# Always called with &: exec makes $! the daemon's own PID (setpriv and env exec too).
as_fixture() { exec setpriv --reuid="$U" --regid="$U" --init-groups env HOME="$F" "$@"; }

runuser -u "$U" -- /usr/sbin/dovecot -c "$F/dovecot-full/dovecot.conf"
runuser -u "$U" -- /usr/sbin/dovecot -c "$F/dovecot-limited/dovecot.conf"
# OpenSMTPD's control socket path is fixed (/var/run/smtpd.sock): a private /var/run lets two sets coexist.
unshare -m --propagation private sh -c 'mount -t tmpfs tmpfs /var/run && exec smtpd -d -f "$1"' sh "$F/smtpd.conf" \
  >"$F/smtpd.log" 2>&1 </dev/null &
echo $! >"$F/smtpd.pid"
for u in "${USERS[@]}"; do
  runuser -u "$U" -- prosodyctl --config "$F/prosody/prosody.cfg.lua" register "$u" example.test "${u}pw" >/dev/null 2>&1
done
as_fixture prosody --config "$F/prosody/prosody.cfg.lua" >"$F/prosody/stdout.log" 2>&1 </dev/null &
as_fixture /usr/bin/radicale --config "$F/radicale/config" >"$F/radicale/log" 2>&1 </dev/null &
echo $! >"$F/radicale.pid"
as_fixture rclone serve webdav --config /dev/null "$F/dav" --addr 127.0.0.1:$(port 15080) --user alice --pass alicepw \
  >"$F/rclone.log" 2>&1 </dev/null &
echo $! >"$F/rclone.pid"
for p in $(port 10143) $(port 10024) $(port 10587) $(port 11143) $(port 11024) $(port 11587) $(port 10025) $(port 15222) $(port 15232) $(port 15080); do wait_port "$p"; done
echo "servers: up in $F"
