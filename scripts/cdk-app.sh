#!/usr/bin/env bash
# The "app" of cdk.json (cdk synth / deploy / diff run it from the repository root): builds the Lambda jar and the
# CDK app with Maven (tests skipped; `mvn verify` runs them), then runs io.sfnetl.cdk.EtlApp. Build output goes
# to stderr so that stdout stays the CDK CLI's.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/find-jdk.sh
sfnetl_find_jdk
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=1
mvn -q -pl cdk -am package -DskipTests 1>&2
exec "$JAVA_HOME/bin/java" -cp "cdk/target/classes:$(cat cdk/target/app.classpath)" io.sfnetl.cdk.EtlApp
