import CosyVoiceTesting
import Foundation
import Testing

/// `scripts/api-fuzz`: schemathesis over every operation of `/openapi.json`, against this build's binary.
@Suite("The server answers as its OpenAPI document says")
struct APIFuzzTests {
    @Test("schemathesis finds no 5xx and no status, media type, header or body outside the document")
    func serverConformsToItsDocument() async throws {
        let script = Fixtures.repository.appendingPathComponent("scripts/api-fuzz")
        let outcome = try await ChildProcess.run(URL(fileURLWithPath: "/bin/bash"), [script.path],
                                                 environment: ["COSYVOICE_BINARY": ServerProcess.binary.path],
                                                 timeout: .seconds(900))
        #expect(outcome.status == 0, "\(outcome.standardOutput.suffix(6000))\n\(outcome.standardError.suffix(3000))")
    }
}
