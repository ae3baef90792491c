/// Namespace anchor for the pure domain module.
public enum SpotcheckCore { public static let version = "0.1.0" }
