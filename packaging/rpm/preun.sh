#!/bin/sh
# $1: 0 on erase, 1 on upgrade. On erase only the CDS archive goes; state and logs stay.
if [ "$1" = 0 ]; then
  rm -rf /var/lib/vicisync/cds
fi
exit 0
