#!/usr/bin/env bash
# Regenerates the README's pictures from headless renders (EGL, no display needed), so they show what the code draws
# today. Run from anywhere: bash Documentation~/images/make_pictures.sh   (needs .ci/setup's GL packages)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$root"

# the demo with its on-screen controls (still, 960x540), and the race without them (animation, 640x360: the
# headless animation is half the still's size)
./gdengine demo --headless --size 960x540 --steps 600 --gif-frames 1 --out "$tmp/demo" > /dev/null
cp "$tmp/demo/demo.png" "$here/demo.png"
./gdengine demo --headless --size 1280x720 --steps 600 --gif-frames 12 --out "$tmp/race" > /dev/null
cp "$tmp/race/demo.gif" "$here/race.gif"

# an MLP's real loss landscape on the PCA plane of its training paths
./gdengine demo --headless --model --size 960x540 --gif-frames 1 --out "$tmp/model" > /dev/null
cp "$tmp/model/demo.png" "$here/model.png"

ls -l "$here"/*.png "$here"/*.gif
