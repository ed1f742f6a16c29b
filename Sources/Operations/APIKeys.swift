import Foundation
import Crypto

/// The API keys a server accepts (`--api-key`, `COSYVOICE_API_KEYS`); none configured means authentication
/// is off. The one place keys are compared, for both surfaces.
///
/// Keys are kept only as SHA-256 digests, and a presented key is checked by hashing it and comparing its
/// digest with every configured digest, all 32 bytes each, with no early exit: the time taken depends on
/// neither the presented key's content nor which key (if any) it matches.
public struct APIKeys: Sendable {
    private let digests: [[UInt8]]

    /// - Parameter keys: accepted keys; empty strings are ignored.
    public init(_ keys: [String] = []) {
        digests = keys.filter { !$0.isEmpty }.map { Array(SHA256.hash(data: Array($0.utf8))) }
    }

    /// True when at least one key is configured, i.e. requests must present one.
    public var isEnabled: Bool { !digests.isEmpty }

    /// Number of configured keys.
    public var count: Int { digests.count }

    /// Whether `presented` is one of the configured keys, compared in constant time.
    public func accepts(_ presented: String?) -> Bool {
        guard let presented, !presented.isEmpty else { return false }
        let digest = Array(SHA256.hash(data: Array(presented.utf8)))
        var matched: UInt8 = 0
        for candidate in digests {
            var difference: UInt8 = 0
            for index in 0..<digest.count { difference |= digest[index] ^ candidate[index] }
            matched |= difference == 0 ? 1 : 0
        }
        return matched == 1
    }

    /// The token of an `Authorization: Bearer <token>` value (scheme case-insensitive); nil for any other.
    public static func bearerToken(_ authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    /// What a refused client is told (the HTTP `detail`, the gRPC status message).
    public static let refusal = "missing or invalid API key: send 'Authorization: Bearer <key>'"
}
