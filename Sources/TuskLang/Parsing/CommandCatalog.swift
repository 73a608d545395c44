/// Every command of the DSL, in the order `help` lists them.
public enum CommandCatalog {
    public static func spec(named name: String) -> CommandSpec? { all.first { $0.name == name } }

    public static let all: [CommandSpec] = [
        command(
            "create repo", "Create a data repository (with an empty master branch).",
            args: [arg("NAME", .repo)],
            options: [opt("description", value: "TEXT", "what the repo holds")],
            details: "Repo names use letters, digits, '_', '-' and '.'.",
            examples: ["create repo income_data --description \"census extracts\""]),
        command("list repo", "List repositories with their branches, commits and size.", examples: ["list repo"]),
        command(
            "inspect repo", "Show one repository.", args: [arg("NAME", .repo)], examples: ["inspect repo income_data"]),
        command(
            "delete repo", "Delete a repository with its branches and commits.", args: [arg("NAME", .repo)],
            details: "Refused while commits in other repos name its commits as provenance.",
            examples: ["delete repo scratch"]),
        command(
            "create branch", "Create a branch, or move an existing branch's head.",
            args: [arg("REPO@BRANCH", .branchAddress)],
            options: [opt("head", value: "REF", "the commit or branch to point at (default: none)", kind: .address)],
            details: """
                Moving a branch is how deferred processing works: push data to a side branch, then
                move master to it when you are ready. REF is a branch, a commit-id prefix, or either
                followed by ^ (parent) or ^N (N-th ancestor).
                """,
            examples: ["create branch income_data@staging", "create branch income_data@master --head staging"]),
        command(
            "list branch", "List the branches of a repository and their heads.", args: [arg("REPO", .repo)],
            examples: ["list branch income_data"]),
        command(
            "put file", "Write a local file into a branch, as a new commit.",
            args: [arg("REPO@BRANCH:/PATH", .branchFileAddress)],
            options: [
                opt("file", short: "f", value: "LOCAL", "the local file to read", kind: .localPath, required: true),
                opt("append", value: nil, "add to the end of the file instead of replacing it"),
                opt("message", short: "m", value: "TEXT", "the commit message"),
            ],
            details: "Inside 'start commit' … 'finish commit', puts add to the open commit instead.",
            examples: ["put file income_data@staging:/train.csv -f datasets/census.csv -m \"census v1\""]),
        command(
            "start commit", "Open a commit on a branch: the puts that follow go into it.",
            args: [arg("REPO@BRANCH", .branchAddress)],
            options: [opt("message", short: "m", value: "TEXT", "the commit message")],
            examples: ["start commit income_data@staging -m \"two files, one commit\""]),
        command(
            "finish commit", "Close the open commit on a branch and move the branch to it.",
            args: [arg("REPO@BRANCH", .branchAddress)],
            options: [opt("message", short: "m", value: "TEXT", "replace the commit message")],
            examples: ["finish commit income_data@staging"]),
        command(
            "get file", "Print a file of a commit, or write it to a local file.",
            args: [arg("REPO@REF:/PATH", .address)],
            options: [opt("output", short: "o", value: "LOCAL", "write to this local file", kind: .localPath)],
            examples: ["get file income_data@master:/train.csv", "get file income_data@master^:/train.csv -o old.csv"]),
        command(
            "list file", "List the files and directories of a commit.", args: [arg("REPO@REF[:/DIR]", .address)],
            examples: ["list file income_data@master", "list file income_data@master:/data"]),
        command(
            "glob file", "List the files and directories of a commit that match a pattern.",
            args: [arg("REPO@REF:PATTERN", .address)],
            details: "'*' and '?' match within a path segment, '**' across segments.",
            examples: ["glob file \"income_data@master:/*.csv\""]),
        command(
            "diff file", "Show what changed in a file or directory between two commits.",
            args: [arg("REPO@REF[:/PATH]", .address), arg("REPO@REF[:/PATH]", .address, optional: true)],
            details: "With one address, compares against the parent of its commit.",
            examples: ["diff file income_data@master:/train.csv", "diff file income_data@master income_data@staging"]),
        command(
            "list commit", "List commits, newest first: a branch's history, or all of a repo's.",
            args: [arg("REPO[@BRANCH]", .address)], examples: ["list commit income_data@master"]),
        command(
            "inspect commit", "Show a commit: parent, message, files, provenance and subvenance.",
            args: [arg("REPO@REF", .address)], examples: ["inspect commit income_data@master^"]),
        command(
            "describe", "Summarize a dataset: columns, kinds, missing values, label balance.",
            args: [arg("DATA", .data)],
            options: [opt("target", value: "COLUMN", "the label column, to show its balance")] + dataOptions,
            details: "DATA is a local CSV file or a store address such as income_data@master:/train.csv.",
            examples: ["describe income_data@master:/train.csv --target income"]),
        command(
            "train", "Fit a model to a dataset and save it as a versioned JSON artifact.",
            args: [arg("MODEL", .choice(["logistic", "boosted"])), arg("ON", .keyword), arg("DATA", .data)],
            options: [
                opt("target", value: "COLUMN", "the label column (two classes)"),
                opt(
                    "output", short: "o", value: "OUT", "a local path, or a store address to commit to", kind: .data,
                    required: true),
                opt("seed", value: "N", "the random seed (default 0)"),
                opt("exclude", value: "A,B", "columns to leave out of the features"),
            ] + dataOptions,
            details: """
                logistic: L2-regularized logistic regression (C = 1), standardized numerics and one-hot
                categoricals, fitted by Newton's method to convergence. Saving to a store address makes a
                commit whose provenance is the data commit.
                """,
            examples: ["train logistic on income_data@master:/train.csv --target income -o models@master:/model.json"]),
        command(
            "evaluate", "Score a model on labeled data: accuracy, precision, recall, F1, ROC AUC, log-loss.",
            args: [arg("MODEL", .data), arg("ON", .keyword), arg("DATA", .data)], options: dataOptions,
            details: "MODEL is a model file or store address (a repo@ref without a path means /model.json).",
            examples: ["evaluate models@master on datasets/census_test.csv"]),
        command(
            "predict", "Predict with a model: every row of a dataset, or one JSON record.",
            args: [arg("MODEL", .data), arg("ON", .keyword, optional: true), arg("DATA|RECORD", .data)],
            options: [
                opt(
                    "output", short: "o", value: "OUT", "where to write predictions (prediction,probability)",
                    kind: .data)
            ]
                + dataOptions,
            examples: [
                "predict models@master on datasets/census_test.csv -o predictions.csv",
                "predict models@master {\"age\": 39, \"sex\": \"Male\", \"hours-per-week\": 40}",
            ]),
        command(
            "audit", "Audit a model for bias: fairness by group, reliance on protected features, proxies, a verdict.",
            args: [arg("MODEL", .data), arg("ON", .keyword), arg("DATA", .data)],
            options: [opt("protected", value: "A,B", "the protected attributes, e.g. sex,race", required: true)]
                + auditOptions + dataOptions,
            details: """
                Fairness follows Fairlearn (demographic parity difference and ratio, equal opportunity and
                equalized odds differences, across all groups) and AIF360 (disparate impact, statistical
                parity and equal opportunity differences, unprivileged minus or over privileged). Reliance is
                the counterfactual flip rate: the share of decisions that change when only the attribute is
                swapped. Proxies are features associated with the attribute (Cramér's V, correlation ratio).
                The privileged group defaults to the attribute's most frequent group.
                """,
            examples: [
                "audit models@master on datasets/census_test.csv --protected sex,race --privileged sex=Male,race=White"
            ]),
        command(
            "audit data", "Audit a dataset's labels: how far protected attributes alone predict them.",
            args: [arg("DATA", .data)],
            options: [
                opt("target", value: "COLUMN", "the label column"),
                opt("protected", value: "A,B", "the protected attributes, e.g. sex,race", required: true),
            ] + auditOptions + dataOptions,
            examples: ["audit data datasets/vendor.csv --target income --protected sex,race"]),
        command(
            "explain", "Explain one prediction: each feature's contribution in log-odds.",
            args: [arg("MODEL", .data), arg("RECORD", .text)],
            details: """
                Logistic regression: exact contributions (weight times distance from the training average).
                Boosted trees: contributions along each tree's decision path. They add up, with the base
                value, to the model's log-odds.
                """,
            examples: ["explain models@master {\"age\": 52, \"education\": \"Masters\", \"hours-per-week\": 60}"]),
        command(
            "outliers", "Find rows far from the training data (Mahalanobis distance of the numeric features).",
            args: [arg("MODEL", .data), arg("ON", .keyword), arg("DATA", .data)],
            options: [
                opt("percentile", value: "P", "the training percentile beyond which a row is an outlier (default 98)")
            ]
                + dataOptions,
            examples: ["outliers models@master on datasets/collected.csv --percentile 99"]),
        command(
            "drift", "Test whether data has drifted from a reference, feature by feature.",
            args: [arg("REFERENCE", .data), arg("VS", .keyword), arg("DATA", .data)],
            options: [
                opt("target", value: "COLUMN", "the label column, left out of the tests"),
                opt("exclude", value: "A,B", "more columns to leave out (ids)"),
                opt("alpha", value: "X", "the family-wise significance level (default 0.05)"),
            ] + dataOptions,
            details: """
                Numeric features get a two-sample Kolmogorov-Smirnov test, categorical ones a chi-squared
                test, with p-values as scipy computes them (ks_2samp, chi2_contingency). A feature drifts
                when its p-value is below alpha divided by the number of features (Bonferroni).
                """,
            examples: ["drift datasets/census.csv vs datasets/collected.csv --target income"]),
        command(
            "help", "List the commands, or explain one.", args: [arg("COMMAND", .command, optional: true)],
            examples: ["help", "help put file"]),
    ]

    /// The audit's groups and thresholds.
    private static let auditOptions: [CommandSpec.Option] = [
        opt("privileged", value: "A=G,B=H", "the privileged group of each attribute, e.g. sex=Male"),
        opt("min-disparate-impact", value: "X", "the four-fifths rule's line (default 0.8)"),
        opt("max-difference", value: "X", "largest equal opportunity / equalized odds gap (default 0.1)"),
        opt("max-flip-rate", value: "X", "largest share of decisions flipped by the attribute (default 0.05)"),
    ]

    /// How to read a data file, shared by the trainer's commands.
    private static let dataOptions: [CommandSpec.Option] = [
        opt(
            "schema", value: "NAME", "a known layout, e.g. uci-adult (headerless Census Income files)",
            kind: .choice(["uci-adult"])),
        opt("columns", value: "A,B,C", "column names for a headerless file"),
        opt("delimiter", value: "CHAR", "the field separator (default ',')"),
    ]

    private static func command(
        _ name: String, _ summary: String, args: [CommandSpec.Argument] = [], options: [CommandSpec.Option] = [],
        details: String = "", examples: [String] = []
    ) -> CommandSpec {
        CommandSpec(
            words: name.split(separator: " ").map(String.init), summary: summary, arguments: args,
            options: options, details: details, examples: examples)
    }

    private static func arg(_ name: String, _ kind: CommandSpec.ValueKind, optional: Bool = false)
        -> CommandSpec.Argument
    {
        CommandSpec.Argument(name: name, kind: kind, optional: optional)
    }

    private static func opt(
        _ name: String, short: Character? = nil, value: String?, _ summary: String, kind: CommandSpec.ValueKind = .text,
        required: Bool = false
    ) -> CommandSpec.Option {
        CommandSpec.Option(name: name, short: short, value: value, kind: kind, summary: summary, required: required)
    }
}
