#!/usr/bin/env bash
# Puts the public Services back on the previous colour, which switch.sh left running.
# Checks first that the previous colour is still there and ready: a rollback onto a
# broken colour would be worse than staying.
#   deploy/bluegreen/rollback.sh            back to the colour recorded by the last switch
#   deploy/bluegreen/rollback.sh blue|green to a named colour
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=deploy/bluegreen/lib.sh
. "$here/lib.sh"

live=$(live_colour)
target=${1:-$(previous_colour)}
case "$target" in
  blue | green) ;;
  *) die "no previous colour recorded on service/gateway; name one: $0 blue|green" ;;
esac
[ "$target" != "$live" ] || die "$target is already live"

log "rolling back from ${live:-none} to $target"
wait_for_rollout "$target" || die "$target is not fully rolled out; live traffic stays on $live"
health_gate "$target" || die "$target is not ready; live traffic stays on $live"
service_path_gate "$target" || die "$target's gateway cannot reach its services; live traffic stays on $live"
point_public_services_at "$target" "${live:-none}"
log "live colour is now $target; $live keeps running (switch.sh redeploys over it next time)"
