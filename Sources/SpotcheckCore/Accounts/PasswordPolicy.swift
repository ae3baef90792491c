/// A minimal password rule that office staff can follow and that blocks the worst choices.
public enum PasswordPolicy {
    public static let minimumLength = 8

    /// Returns a Chinese reason when the password is not acceptable.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "密码至少 \(minimumLength) 位" }
        if password.count > 72 { return "密码不能超过 72 位" }  // Bcrypt ignores bytes beyond 72.
        return nil
    }
}
