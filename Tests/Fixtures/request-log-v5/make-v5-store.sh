#!/bin/sh
# Builds v5-store/ (a store whose request log is v5's: a row per request, input as JSON) and the
# outputs the binary that wrote it gave (v5-outputs.txt), for RequestLogMigrationTests. Run with
# a tusk built before schema v6, from the repository's root:
#   Tests/Fixtures/request-log-v5/make-v5-store.sh OLD-TUSK
set -eu
tusk=$1
here=Tests/Fixtures/request-log-v5
rm -rf "$here/v5-store"
t() { "$tusk" "$@" --store "$here/v5-store"; }
t create repo income_data
scratch=$(mktemp -d)
head -n 2001 datasets/census.csv > "$scratch/census.csv"
head -n 1501 datasets/vendor.csv > "$scratch/vendor.csv"
t put file income_data@master:/census.csv -f "$scratch/census.csv" -m "census"
t put file income_data@master:/vendor.csv -f "$scratch/vendor.csv" -m "vendor"
rm -r "$scratch"
t create repo models
t train logistic on income_data@master:/census.csv --target income -o models@master:/census.json
t train logistic on income_data@master:/vendor.csv --target income -o models@master:/vendor.json
t create deployment production --seed 7
t release production models@master:/census.json
t predict production -f datasets/requests_v1.csv > /dev/null
t canary production models@master:/vendor.json --traffic 30
t predict production '{"request_id": "odd-1", "age": -3.5, "workclass": null, "fnlwgt": 1e15, "education": "HS-grad", "education-num": 9, "marital-status": "Never-married", "occupation": "Sales", "relationship": "Own-child", "race": "White", "sex": "Male", "capital-gain": 0.25, "capital-loss": 0, "hours-per-week": 40, "native-country": "Côte \"Ivoire\""}' > /dev/null
t predict production -f datasets/requests_v2.csv > /dev/null
t feedback production -f datasets/requests_v1_labels.csv > /dev/null
{
    for command in "why production a0001" "why production odd-1" "monitor production" "monitor production --since 2" \
        "compare production --protected sex,race" "explain production a0001" "explain production odd-1"; do
        echo "> $command"
        # shellcheck disable=SC2086
        t $command
    done
} > "$here/v5-outputs.txt" 2>&1
