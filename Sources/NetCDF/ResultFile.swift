import Foundation

/// Everything a run produces, in one CF-1.8 NetCDF-4 file that xarray, ncview and Panoply open:
///
///     global attributes   Conventions, title, institution, source, history, ...; setting_<key>
///     root variables      the solution (`Solution`) and the loss history (`LossHistory`)
///     group parameters    the network parameters (`ParameterStore`)
///
/// Each part is optional. `write(to:)` is atomic (see `NetCDFFile`); `read(from:)` returns the
/// same structure.
public struct ResultFile: Sendable {
    public var metadata: CFMetadata
    public var solution: Solution?
    public var history: LossHistory?
    public var parameters: [NamedTensor]?
    public var settings: [String: SettingValue]

    public init(metadata: CFMetadata, solution: Solution? = nil, history: LossHistory? = nil,
                parameters: [NamedTensor]? = nil, settings: [String: SettingValue] = [:]) {
        self.metadata = metadata
        self.solution = solution
        self.history = history
        self.parameters = parameters
        self.settings = settings
    }

    /// Writes the file (deflate level 4 with shuffle by default: results compress well).
    public func write(to path: String, deflate: Int? = 4, shuffle: Bool = true) throws {
        try withNetCDFFile(creating: path, deflate: deflate, shuffle: shuffle) { file in
            try file.putGlobalAttributes(metadata)
            try RunSettings.write(settings, into: file)
            try solution?.write(into: file)
            try history?.write(into: file)
            if let parameters { try ParameterStore.write(parameters, into: file) }
        }
    }

    /// Reads a file written by `write(to:)`. A part is nil when its variables are absent: the
    /// solution when there is no `prediction`, the history when there is no `step`, the
    /// parameters when there is no `parameters` group; a part that is present but damaged throws.
    public static func read(from path: String) throws -> ResultFile {
        try withNetCDFFile(at: path) { file in
            let hasParameters = try file.groups().contains { $0.name == ParameterStore.groupName }
            return ResultFile(metadata: try file.globalMetadata(),
                              solution: try file.hasVariable("prediction") ? try Solution.read(from: file) : nil,
                              history: try file.hasVariable("step") ? try LossHistory.read(from: file) : nil,
                              parameters: hasParameters ? try ParameterStore.read(from: file) : nil,
                              settings: try RunSettings.read(from: file))
        }
    }
}
