#!/bin/sh
# Installs vicisync from this directory, for servers where the .deb or .rpm does not fit.
#   sudo ./install.sh                       # jar in /opt/vicisync, launcher in /usr/local/bin
#   sudo PREFIX=/srv/vicisync ./install.sh  # elsewhere
#   DESTDIR=/tmp/root ./install.sh          # into a staging tree (no root needed)
# A config file you changed is never overwritten: the new version goes to $PREFIX/etc/, where
# cron and logrotate do not look (cronie would load a cron.d/vicisync.new and run twice a
# minute). What install.sh put in /etc is remembered in $PREFIX/installed/, so that an upgrade
# replaces a file you never changed and uninstall.sh removes only those. The state directory
# (/var/lib/vicisync) is created once and never touched again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-/opt/vicisync}
BINDIR=${BINDIR:-/usr/local/bin}
MANDIR=${MANDIR:-/usr/local/share/man}
DESTDIR=${DESTDIR:-}

if [ ! -x "$here/runtime/bin/java" ] && ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "install.sh: warning: no java on PATH; install a Java 17+ runtime (Debian/Ubuntu:" \
    "openjdk-17-jre-headless; ViciBox/openSUSE, Alma, Rocky: java-17-openjdk-headless)" >&2
fi

install -d "$DESTDIR$PREFIX" "$DESTDIR$BINDIR"
install -m 0644 "$here/vicisync.jar" "$here/classlist" "$here/cds.sh" "$here/README.md" \
  "$DESTDIR$PREFIX/"
# what to copy elsewhere: NRPE and sudoers examples, the Grafana dashboard, the alert rules
for d in examples grafana prometheus; do
  install -d "$DESTDIR$PREFIX/$d"
  install -m 0644 "$here/$d"/* "$DESTDIR$PREFIX/$d/"
done
# the self-contained tarball's own Java (vicisync-VERSION-linux-x86_64.tar.gz): the launcher
# prefers it to any other unless JAVA or JAVA_HOME is set in /etc/default/vicisync
if [ -x "$here/runtime/bin/java" ]; then
  rm -rf "$DESTDIR$PREFIX/runtime"
  cp -R "$here/runtime" "$DESTDIR$PREFIX/runtime"
fi
sed "s|^VICISYNC_HOME=.*|VICISYNC_HOME=\${VICISYNC_HOME:-$PREFIX}|" "$here/vicisync-cds" \
  >"$DESTDIR$PREFIX/vicisync-cds"
chmod 0755 "$DESTDIR$PREFIX/vicisync-cds"
sed "s|^VICISYNC_HOME=.*|VICISYNC_HOME=\${VICISYNC_HOME:-$PREFIX}|" "$here/bin/vicisync" \
  >"$DESTDIR$BINDIR/vicisync"
chmod 0755 "$DESTDIR$BINDIR/vicisync"

# conffile NAME MODE: install etc/NAME, unless the admin changed the copy there
conffile() {
  target="$DESTDIR/etc/$1"
  was="$DESTDIR$PREFIX/installed/$1"
  install -d "$(dirname "$target")" "$(dirname "$was")"
  new=$(mktemp)
  sed "s|/usr/bin/vicisync|$BINDIR/vicisync|g" "$here/etc/$1" >"$new"
  # an older install.sh put its new version beside the admin's file, where cronie loads it
  if [ -f "$target.new" ] && [ "$1" = cron.d/vicisync ]; then
    rm -f "$target.new"
    echo "install.sh: removed /etc/$1.new, which an older install.sh left (cronie ran it too)"
  fi
  if [ -e "$target" ] && ! cmp -s "$new" "$target" && ! cmp -s "$target" "$was"; then
    aside="$DESTDIR$PREFIX/etc/$1"
    install -d "$(dirname "$aside")"
    install -m "$2" "$new" "$aside"
    echo "install.sh: kept your /etc/$1; the new version is $PREFIX/etc/$1 (cron does not" \
      "read it): compare them, and copy over what you want"
  else
    install -m "$2" "$new" "$target"
    install -m 0644 "$new" "$was"
  fi
  rm -f "$new"
}
conffile cron.d/vicisync 0644
conffile logrotate.d/vicisync 0644
conffile default/vicisync 0644

# the service and its template for named instances: installed, not enabled (cron stays the
# default; README, "Cron or service" and "Several dialers from one host")
install -d "$DESTDIR/etc/systemd/system"
for u in vicisync.service vicisync@.service; do
  sed "s|/usr/bin/vicisync|$BINDIR/vicisync|g" "$here/systemd/$u" >"$DESTDIR/etc/systemd/system/$u"
  chmod 0644 "$DESTDIR/etc/systemd/system/$u"
done
if [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload 2>/dev/null || true
fi

install -d -m 0750 "$DESTDIR/var/lib/vicisync" "$DESTDIR/var/log/vicisync"
install -d "$DESTDIR$MANDIR/man1"
install -m 0644 "$here/man/vicisync.1.gz" "$DESTDIR$MANDIR/man1/vicisync.1.gz"
if [ -d "$DESTDIR/usr/share/bash-completion/completions" ]; then
  install -m 0644 "$here/bash-completion/vicisync" "$DESTDIR/usr/share/bash-completion/completions/vicisync"
else
  install -d "$DESTDIR/etc/bash_completion.d"
  install -m 0644 "$here/bash-completion/vicisync" "$DESTDIR/etc/bash_completion.d/vicisync"
fi

if [ -z "$DESTDIR" ]; then
  VICISYNC_HOME=$PREFIX "$PREFIX/vicisync-cds" || true
fi
echo "install.sh: installed vicisync in $DESTDIR$PREFIX, launcher $DESTDIR$BINDIR/vicisync;" \
  "next: vicisync doctor"
