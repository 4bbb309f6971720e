#!/bin/sh
# One-sample training steps of each landmark network in Fovea (ZooStep, vector backend) and PyTorch
# (zoo_torch_step.py), one thread each, one process per network and framework, with the load average before each.
# Needs `mvn install -DskipTests` at the root and `mvn -f example-project compile` first.
#   benchmarks/zoo_step.sh [STEPS] [NETWORK...]     # default: 5 steps of every network
set -e
cd "$(dirname "$0")/.."
STEPS=${1:-5}
[ $# -gt 0 ] && shift
NETWORKS=${*:-alexnet alexnet-torch vgg11 googlenet resnet18 resnet34 xception}
CP=example-project/target/classes:runtime/target/classes:annotations/target/classes
for n in $NETWORKS; do
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  java --add-modules jdk.incubator.vector -Xmx16g -cp "$CP" dev.fovea.example.ZooStep "$n" "$STEPS" 2>/dev/null
  echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/python3 benchmarks/zoo_torch_step.py "$n" "$STEPS"
done
