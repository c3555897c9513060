import NetCDF

/// The table of settings: every field of `Settings` described once (`SettingDescriptor`), in the
/// order of the fields. A new setting is a stored property of `Settings`, one entry here and
/// one `@Option` line in `SettingsOptions` (Docs/contributing.md); config files, validation,
/// the result file's attributes, the summary and checkpoints' settings files follow from the
/// entry.
extension Settings {
    public static let table: [SettingDescriptor] = [
        .choice("architecture", \.architecture,
                help: "Network: mlp, modified-mlp (hidden layers mixed by two gates of the input, Wang et al. 2021), or deep-sets (per-coordinate features summed over the problem's exchangeable coordinates, then an MLP; only for problems that declare them).",
                presence: .defaulted),
        .integer("pool_features", \.poolFeatures, Limits.poolFeatures, help: "Per-coordinate features of the deep-sets network.",
                 attribute: .computed { $0.architecture == .deepSets ? .int($0.poolFeatures) : nil }, presence: .defaulted),
        .integer("width", \.width, Limits.width, help: "Hidden width."),
        .integer("depth", \.depth, Limits.depth, help: "Hidden layers."),
        .choice("activation", \.activation, help: "Activation function of the hidden layers."),
        .integer("fourier_features", \.fourierFeatures, Limits.fourierFeatures,
                 help: "Random Fourier features of the inputs (0: none)."),
        .real("fourier_scale", \.fourierScale, .positive(atMost: Limits.scale),
              help: "Standard deviation of the Fourier feature frequencies.",
              attribute: .computed { $0.fourierFeatures > 0 ? .double($0.fourierScale) : nil }),
        fourierMatrix,
        .flag("residual_connections", \.residualConnections,
              help: "Residual (skip) connections between hidden layers."),
        .flag("weight_factorization", \.weightFactorization,
              help: "Random weight factorisation of the MLP: each weight matrix W = V diag(exp(s)), trained in s and V.",
              presence: .defaulted),
        phases,
        .integer("windows", \.windows, Limits.windows,
                 help: "Time-marching: train the time interval in this many equal windows, one after the other, each from the previous one's solution (1: all at once).",
                 presence: .defaulted),
        .integer("lbfgs_history", \.lbfgsHistory, Limits.lbfgsHistory,
                 help: "Curvature pairs kept by the L-BFGS phases (10 unless the problem sets more)."),
        .real("learning_rate", \.learningRate, .positive(atMost: Limits.scale), help: "Learning rate of the first-order phases."),
        .choice("schedule", \.schedule, help: "Learning-rate schedule of the first-order phases."),
        .integer("batch", \.batch, Limits.batch, help: "Interior (residual) points per batch."),
        .integer("condition_batch", \.conditionBatch, Limits.batch, help: "Points per batch for each condition."),
        .integer("resample_every", \.resampleEvery, Limits.steps, help: "Draw fresh points every this many steps (0: once)."),
        .choice("sampler", \.sampler,
                help: "Interior points: uniform, or randomised quasi-random or Latin hypercube points of the problem's domain.",
                presence: .defaulted),
        .choice("adaptive", \.adaptive,
                help: "Adaptive points at each resampling, from the residual at a pool of candidates: RAR adds the worst, RAD draws with density |r|^k/mean + c.",
                presence: .defaulted),
        // The result file records RAD's parameters under RAD, and the pool and RAR's count as used.
        .real("rad_exponent", \.radExponent, .closed(Limits.radExponent), help: "RAD's exponent k in 0...10 (default 1).",
              attribute: .computed { $0.adaptive == .rad ? .double($0.radExponent) : nil }, presence: .defaulted),
        .real("rad_offset", \.radOffset, .closed(Limits.radOffset),
              help: "RAD's offset c in 0...1e12 (default 1; large c is uniform sampling).",
              attribute: .computed { $0.adaptive == .rad ? .double($0.radOffset) : nil }, presence: .defaulted),
        .integer("adaptive_pool", \.adaptivePool, Limits.batch, help: "Candidates per adaptive round (default 10 x batch).",
                 attribute: .computed { $0.adaptive == .none ? nil : .int($0.candidatePool) }),
        .integer("rar_count", \.rarCount, Limits.batch, help: "Points RAR adds per round (default 1% of the batch).",
                 attribute: .computed { $0.adaptive == .rar ? .int($0.addedPerRound) : nil }),
        .integer("evaluate_every", \.evaluateEvery, Limits.steps, help: "Evaluate the error every this many steps.",
                 changeableOnResume: true),
        .choice("precision", \.precision, help: "Floating-point precision of the network and training."),
        .choice("engine", \.engine, help: "Derivative engine: Taylor-mode jets or nested reverse mode."),
        .choice("estimator", \.estimator, help: "Laplacian: exact, sampled (stochastic dimension sampling) or Hutchinson's estimator."),
        .integer("directions", \.directions, Limits.directions, help: "Directions for the stochastic Laplacian.",
                 attribute: .computed { $0.estimator == .exact ? nil : .int($0.directions) }),
        seed,
        .real("time_budget", \.timeBudget, .seconds, help: "Stop after this many seconds of training.",
              changeableOnResume: true),
    ]

    /// The entry of `key`, or nil.
    public static func descriptor(_ key: String) -> SettingDescriptor? { table.first { $0.key == key } }

    /// The help text of the setting `key` (a key the table has).
    public static func help(_ key: String) -> String {
        guard let d = descriptor(key) else { fatalError("Settings.help: no setting '\(key)' in Settings.table") }
        return d.help
    }

    /// The keys a config file may set, sorted.
    public static var configKeys: [String] { table.filter(\.configurable).map(\.key).sorted() }

    /// The settings' attributes of a result file (`setting_<key>`), as the table says.
    public var resultAttributes: [String: SettingValue] {
        var a: [String: SettingValue] = [:]
        for d in Self.table { a[d.key] = d.resultAttribute(self) }
        return a
    }

    /// `phases`: a string "adam:5000,lbfgs:500" in config files and options, a list of
    /// {optimizer, steps} in settings files and summaries.
    static let phases: SettingDescriptor = {
        let (encode, decode) = SettingDescriptor.coded(\Settings.phases, key: "phases", presence: .required)
        return SettingDescriptor(
            key: "phases", type: "a string",
            range: "OPTIMIZER:STEPS,... with OPTIMIZER one of \(OptimizerKind.names)",
            help: "Optimiser phases, e.g. adam:5000,lbfgs:500 (\(OptimizerKind.names)).",
            parse: { s, v in
                guard case .string(let t) = v else { throw SettingDescriptor.wrongType("a string", v) }
                s.phases = try Phase.parse(t)
            },
            check: { try Settings.validate(phases: $0.phases) },
            attribute: { .text($0.phases.map(\.description).joined(separator: ",")) }, encode: encode, decode: decode)
    }()

    /// `seed`: an integer 0 ... 2^64 - 1; its option `--seed` is shared by every command that
    /// computes (`ComputeOptions`, Sources/PINNCommandLine/PinnSolve.swift), not a
    /// `SettingsOptions` line.
    static let seed: SettingDescriptor = {
        let (encode, decode) = SettingDescriptor.coded(\Settings.seed, key: "seed", presence: .required)
        return SettingDescriptor(
            key: "seed", type: "an integer", range: "in 0...\(UInt64.max)", help: "Random seed (0 ... 2^64 - 1).",
            parse: { s, v in
                let i = try SettingDescriptor.readInteger(v)
                if i < 0 { throw SettingValueError("must be >= 0, got \(i)") }
                s.seed = UInt64(i)
            },
            check: { _ in },
            attribute: { seedAttribute($0.seed) }, encode: encode, decode: decode)
    }()

    /// A seed as a result-file attribute: an int64, or its decimal text above 2^63 - 1 (which
    /// no signed 64-bit attribute holds).
    static func seedAttribute(_ seed: UInt64) -> SettingValue {
        Int(exactly: seed).map { .int($0) } ?? .text(String(seed))
    }

    /// `fourier_matrix`: fixed Fourier frequencies a problem's defaults set; no option, no
    /// config key.
    static let fourierMatrix: SettingDescriptor = {
        let (encode, decode) = SettingDescriptor.coded(\Settings.fourierMatrix, key: "fourier_matrix")
        return SettingDescriptor(
            key: "fourier_matrix", option: false, type: "an array of arrays of numbers", range: "finite numbers",
            help: "Fixed Fourier frequencies [inputs][F] (a periodic embedding; set by a problem's defaults).",
            configurable: false,
            parse: { _, v in throw SettingDescriptor.wrongType("set by a problem's defaults", v) },
            check: { s in
                if let m = s.fourierMatrix, m.contains(where: { $0.contains { !$0.isFinite } }) {
                    throw SettingsError("fourier_matrix must hold finite numbers")
                }
            },
            attribute: { _ in nil }, encode: encode, decode: decode)
    }()
}

extension Settings {
    /// Decodes every key of `table`; keys added after the first checkpoint settings files
    /// (`sampler`, `adaptive`, `rad_exponent`, `rad_offset`, and the optional ones) take their
    /// defaults when absent, so older files still read.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: SettingCodingKey.self)
        self.init()
        for d in Self.table { try d.decode(&self, c) }
    }

    /// Encodes every key of `table` (an unset optional is left out).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: SettingCodingKey.self)
        for d in Self.table { try d.encode(self, &c) }
    }
}
