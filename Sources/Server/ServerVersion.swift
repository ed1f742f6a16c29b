/// The server's semantic version, reported by `GET /` and `--version`.
public enum ServerVersion {
    public static let current = "0.1.0"
}
