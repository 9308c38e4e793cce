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

# a torch-trained MLP's loss on its Hessian plane: the 2-D plot and the baked 3-D still; the edge-of-stability plot
./gdengine landscape --model Samples~/Presets/data/moons-2-8-8-2-tanh.safetensors --arch "2-8-8-2 tanh" \
    --data Samples~/Presets/data/moons.csv --target label --loss cross_entropy --plane hessian --grid 61 \
    --png "$here/hessian-plane-2d.png" --size 640x480 > /dev/null
./gdengine bake Samples~/Presets/mlp-own-model.json --out "$tmp/own" --no-gif --width 640 --height 480 > /dev/null
cp "$tmp/own/render.png" "$here/own-model-hessian-plane.png"
./gdengine bake Samples~/Presets/mlp-edge-of-stability.json --out "$tmp/eos" --no-gif --no-3d --width 720 --height 440 > /dev/null
cp "$tmp/eos/sharpness.png" "$here/edge-of-stability.png"

ls -l "$here"/*.png "$here"/*.gif
