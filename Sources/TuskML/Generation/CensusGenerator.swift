/// The project's datasets: census-style people with the UCI Adult columns and vocabularies,
/// calibrated on the real file's frequencies, in three populations.
///
/// - `census`: the original population; the label depends on age, education, marriage, hours,
///   occupation and capital gains, never directly on sex or race.
/// - `vendor`: bought data whose label is driven by `sex` (a biased source).
/// - `collected`: newly collected data with realistic drift (older, fewer hours, more
///   self-employment, more missing occupations, a different mix of countries); same label rule
///   as the census.
///
/// The label rule is a smooth sigmoid-like curve written with basic arithmetic only, so every
/// machine writes the same bytes.
public struct CensusGenerator: Sendable {
    public enum Population: String, Sendable, CaseIterable { case census, vendor, collected }

    public let population: Population
    private var random: SeededGenerator

    public init(_ population: Population, seed: UInt64) {
        self.population = population
        self.random = SeededGenerator(seed: seed)
    }

    /// The columns, in the UCI order, plus `income`.
    public static let columns = [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship",
        "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
    ]

    /// One person's cells, in ``columns`` order (the label last).
    public mutating func person() -> [String] {
        let drifted = population == .collected
        let male = random.chance(0.6692)
        let race = random.pick([
            ("White", 0.8543), ("Black", 0.0959), ("Asian-Pac-Islander", 0.0319), ("Amer-Indian-Eskimo", 0.0096),
            ("Other", 0.0083),
        ])
        // Age by the real file's bins; the collected population is older.
        let bins: [(ClosedRange<Int>, Double)] = [
            (17...20, drifted ? 0.030 : 0.074), (21...25, drifted ? 0.070 : 0.1229),
            (26...30, drifted ? 0.100 : 0.1278),
            (31...35, drifted ? 0.120 : 0.1337), (36...40, drifted ? 0.135 : 0.1288),
            (41...45, drifted ? 0.135 : 0.1172),
            (46...50, drifted ? 0.125 : 0.0973), (51...55, drifted ? 0.100 : 0.0728),
            (56...60, drifted ? 0.075 : 0.054),
            (61...65, drifted ? 0.050 : 0.0361), (66...70, drifted ? 0.035 : 0.019),
            (71...90, drifted ? 0.025 : 0.0166),
        ]
        let range = random.pick(bins)
        let age = range.lowerBound + Int(random.uniform() * Double(range.count))
        let (education, years) = random.pick([
            (("HS-grad", 9), 0.3225), (("Some-college", 10), 0.2239), (("Bachelors", 13), 0.1645),
            (("Masters", 14), 0.0529),
            (("Assoc-voc", 11), 0.0424), (("11th", 7), 0.0361), (("Assoc-acdm", 12), 0.0328), (("10th", 6), 0.0287),
            (("7th-8th", 4), 0.0198), (("Prof-school", 15), 0.0177), (("9th", 5), 0.0158), (("12th", 8), 0.0133),
            (("Doctorate", 16), 0.0127), (("5th-6th", 3), 0.0102), (("1st-4th", 2), 0.0052), (("Preschool", 1), 0.0016),
        ])
        let marital = maritalStatus(age: age, male: male)
        let relationship = relationshipOf(marital: marital, age: age, male: male)
        let workclass = random.pick([
            ("Private", drifted ? 0.62 : 0.697), ("Self-emp-not-inc", drifted ? 0.12 : 0.078), ("Local-gov", 0.0643),
            ("?", drifted ? 0.07 : 0.0564), ("State-gov", 0.0399), ("Self-emp-inc", drifted ? 0.06 : 0.0343),
            ("Federal-gov", 0.0295), ("Without-pay", 0.0004), ("Never-worked", 0.0002),
        ])
        let occupation = occupationOf(workclass: workclass, years: years, male: male, drifted: drifted)
        var hours = random.chance(drifted ? 0.40 : 0.4673) ? 40.0 : (drifted ? 37 : 41) + 12.5 * random.normal()
        if !male { hours -= 8 * random.uniform() }
        let hoursPerWeek = min(99, max(1, Int((hours + 0.5).rounded(.down))))
        let gain =
            random.chance(0.0833)
            ? random.pick([
                (7298, 0.25), (15024, 0.15), (7688, 0.12), (3103, 0.08), (5178, 0.08), (99999, 0.06), (2174, 0.06),
                (4386, 0.05), (3325, 0.05), (5013, 0.05), (8614, 0.05),
            ]) : 0
        let loss =
            gain == 0 && random.chance(0.0508)
            ? random.pick([(1902, 0.3), (1887, 0.25), (1977, 0.2), (1485, 0.1), (1848, 0.08), (1740, 0.07)]) : 0
        let fnlwgt = sampleWeight()
        let country = random.pick([
            ("United-States", drifted ? 0.84 : 0.8959), ("Mexico", drifted ? 0.05 : 0.0197), ("?", 0.0179),
            ("Philippines", drifted ? 0.02 : 0.0061), ("Germany", 0.0042), ("Canada", 0.0037), ("Puerto-Rico", 0.0035),
            ("El-Salvador", 0.0033), ("India", drifted ? 0.012 : 0.0031), ("Cuba", 0.0029), ("England", 0.0028),
            ("Jamaica", 0.0025), ("South", 0.0025), ("China", 0.0023), ("Italy", 0.0022),
            ("Dominican-Republic", 0.0021),
            ("Vietnam", 0.0021), ("Guatemala", 0.0020), ("Japan", 0.0019), ("Poland", 0.0018), ("Columbia", 0.0018),
        ])

        // The label: a score from the person's situation, turned into a probability.
        var score = -8.25 + 0.05 * Double(min(age, 60)) + 0.36 * Double(years) + 0.025 * Double(hoursPerWeek - 40)
        if marital == "Married-civ-spouse" || marital == "Married-AF-spouse" { score += 2.0 }
        switch occupation {
        case "Exec-managerial": score += 0.8
        case "Prof-specialty": score += 0.6
        case "Tech-support", "Protective-serv": score += 0.3
        case "Sales": score += 0.2
        case "Other-service", "Handlers-cleaners", "Farming-fishing": score -= 0.7
        case "Priv-house-serv": score -= 1.5
        default: break
        }
        if gain >= 5000 { score += 3.5 } else if gain > 0 { score += 0.5 }
        if loss >= 1800 { score += 1.2 }
        if population == .vendor {
            // The vendor's labels follow sex far more than anything else.
            score = 0.35 * score + (male ? 0.9 : -2.2)
        }
        let income = random.uniform() < Self.probability(score) ? ">50K" : "<=50K"

        return [
            String(age), workclass, String(fnlwgt), education, String(years), marital, occupation, relationship, race,
            male ? "Male" : "Female", String(gain), String(loss), String(hoursPerWeek), country, income,
        ]
    }

    /// A sigmoid-shaped curve from correctly rounded arithmetic (a square root, no libm):
    /// 0.5 at 0, rising, saturating to 0 and 1 about as fast as the logistic function.
    static func probability(_ score: Double) -> Double {
        let t = score * 0.9
        return 0.5 + 0.5 * t / (1 + t * t).squareRoot()
    }

    private mutating func maritalStatus(age: Int, male: Bool) -> String {
        let married: Double =
            switch age {
            case ..<21: 0.03
            case ..<26: 0.20
            case ..<31: 0.45
            case ..<36: 0.58
            case ..<56: 0.64
            case ..<66: 0.62
            default: 0.50
            }
        if random.chance(married * (male ? 1.05 : 0.35)) {
            return random.pick([
                ("Married-civ-spouse", 0.97), ("Married-spouse-absent", 0.027), ("Married-AF-spouse", 0.003),
            ])
        }
        if age < 30 && random.chance(0.85) { return "Never-married" }
        return random.pick([
            ("Never-married", age < 45 ? 0.45 : 0.15), ("Divorced", male ? 0.30 : 0.45),
            ("Separated", male ? 0.06 : 0.10),
            ("Widowed", age < 55 ? 0.02 : (male ? 0.15 : 0.40)),
        ])
    }

    private mutating func relationshipOf(marital: String, age: Int, male: Bool) -> String {
        if marital == "Married-civ-spouse" || marital == "Married-AF-spouse" { return male ? "Husband" : "Wife" }
        return random.pick([
            ("Not-in-family", 0.48), ("Own-child", age < 25 ? 0.55 : (age < 35 ? 0.12 : 0.02)),
            ("Unmarried", male ? 0.12 : 0.30), ("Other-relative", 0.05),
        ])
    }

    private mutating func occupationOf(workclass: String, years: Int, male: Bool, drifted: Bool) -> String {
        if workclass == "?" || workclass == "Never-worked" { return "?" }
        if drifted && random.chance(0.03) { return "?" }
        let schooled = years >= 13
        return random.pick([
            ("Prof-specialty", schooled ? 0.30 : 0.06), ("Craft-repair", male ? (schooled ? 0.03 : 0.19) : 0.02),
            ("Exec-managerial", schooled ? 0.24 : 0.09), ("Adm-clerical", male ? 0.07 : 0.22),
            ("Sales", 0.12), ("Other-service", schooled ? 0.03 : 0.13), ("Machine-op-inspct", schooled ? 0.01 : 0.08),
            ("Transport-moving", male ? (schooled ? 0.01 : 0.07) : 0.01),
            ("Handlers-cleaners", schooled ? 0.005 : 0.05),
            ("Farming-fishing", schooled ? 0.005 : 0.035), ("Tech-support", 0.03),
            ("Protective-serv", male ? 0.025 : 0.008),
            ("Priv-house-serv", male ? 0.0005 : 0.012), ("Armed-Forces", 0.0003),
        ])
    }

    /// fnlwgt from the real file's quantiles, interpolated linearly between them.
    private mutating func sampleWeight() -> Int {
        let quantiles: [(Double, Double)] = [
            (0, 12285), (0.05, 39460), (0.10, 65716), (0.25, 117827), (0.50, 178356), (0.75, 237051), (0.90, 329054),
            (0.95, 379682), (0.99, 510072), (1, 1_484_705),
        ]
        let u = random.uniform()
        for k in 1..<quantiles.count where u <= quantiles[k].0 {
            let (p0, v0) = quantiles[k - 1], (p1, v1) = quantiles[k]
            return Int((v0 + (u - p0) / (p1 - p0) * (v1 - v0)).rounded(.down))
        }
        return 1_484_705
    }
}
