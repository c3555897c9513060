import Foundation

/// Everything a run produces, in one CF-1.8 NetCDF-4 file that xarray, ncview and Panoply open:
///
///     global attributes   Conventions, title, institution, source, history, ...; setting_<key>
///     root variables      the solution of each output (`Solution`) and the loss history (`LossHistory`)
///     group parameters    the network parameters (`ParameterStore`)
///
/// Each part is optional. `write(to:)` is atomic (see `NetCDFFile`); `read(from:)` returns the
/// same structure.
public struct ResultFile: Sendable {
    public var metadata: CFMetadata
    /// One solution per output, on one layout (empty: none).
    public var solutions: [Solution]
    public var history: LossHistory?
    public var parameters: [NamedTensor]?
    public var settings: [String: SettingValue]

    public init(metadata: CFMetadata, solutions: [Solution], history: LossHistory? = nil,
                parameters: [NamedTensor]? = nil, settings: [String: SettingValue] = [:]) {
        self.metadata = metadata
        self.solutions = solutions
        self.history = history
        self.parameters = parameters
        self.settings = settings
    }

    /// A file with at most one output's solution.
    public init(metadata: CFMetadata, solution: Solution? = nil, history: LossHistory? = nil,
                parameters: [NamedTensor]? = nil, settings: [String: SettingValue] = [:]) {
        self.init(metadata: metadata, solutions: solution.map { [$0] } ?? [], history: history, parameters: parameters,
                  settings: settings)
    }

    /// The first output's solution; setting it replaces every output's.
    public var solution: Solution? {
        get { solutions.first }
        set { solutions = newValue.map { [$0] } ?? [] }
    }

    /// Writes the file (deflate level 4 with shuffle by default: results compress well).
    public func write(to path: String, deflate: Int? = 4, shuffle: Bool = true) throws {
        try withNetCDFFile(creating: path, deflate: deflate, shuffle: shuffle) { file in
            try file.putGlobalAttributes(metadata)
            try RunSettings.write(settings, into: file)
            try Solution.write(solutions, into: file)
            try history?.write(into: file)
            if let parameters { try ParameterStore.write(parameters, into: file) }
        }
    }

    /// Reads a file written by `write(to:)`. A part is nil (empty) when its variables are absent:
    /// the solutions when there is no `prediction` nor `quantities`, the history when there is no `step`, the
    /// parameters when there is no `parameters` group; a part that is present but damaged throws.
    public static func read(from path: String) throws -> ResultFile {
        try withNetCDFFile(at: path) { file in
            let hasParameters = try file.groups().contains { $0.name == ParameterStore.groupName }
            return ResultFile(metadata: try file.globalMetadata(),
                              solutions: try file.hasVariable("prediction") || file.textAttribute("quantities") != nil
                                  ? try Solution.readAll(from: file) : [],
                              history: try file.hasVariable("step") ? try LossHistory.read(from: file) : nil,
                              parameters: hasParameters ? try ParameterStore.read(from: file) : nil,
                              settings: try RunSettings.read(from: file))
        }
    }
}
