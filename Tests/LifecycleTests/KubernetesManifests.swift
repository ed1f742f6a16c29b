import CosyVoiceTesting
import Foundation
import Yams

/// The objects of `deploy/kubernetes/`, decoded as far as the server is concerned: what the pods run, which
/// ports, probes and variables they use, and what the other objects point at.
struct KubernetesManifests {
    let deployment: Manifest
    let service: Manifest
    let secret: Manifest
    let configMap: Manifest
    let autoscaler: Manifest
    let disruptionBudget: Manifest

    static let directory = Fixtures.repository.appendingPathComponent("deploy/kubernetes")

    init() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
        var byKind: [String: Manifest] = [:]
        for file in files {
            let manifest = try YAMLDecoder().decode(Manifest.self, from: String(contentsOf: file, encoding: .utf8))
            guard byKind.updateValue(manifest, forKey: manifest.kind) == nil else { throw Missing("a second \(manifest.kind)") }
        }
        func take(_ kind: String) throws -> Manifest {
            guard let manifest = byKind[kind] else { throw Missing(kind) }
            return manifest
        }
        deployment = try take("Deployment")
        service = try take("Service")
        secret = try take("Secret")
        configMap = try take("ConfigMap")
        autoscaler = try take("HorizontalPodAutoscaler")
        disruptionBudget = try take("PodDisruptionBudget")
    }

    /// The one container of the Deployment's pods.
    var container: Container {
        get throws {
            guard let containers = deployment.spec?.template?.spec.containers, containers.count == 1 else {
                throw Missing("exactly one container in the Deployment")
            }
            return containers[0]
        }
    }

    struct Missing: Error, CustomStringConvertible {
        let what: String
        init(_ what: String) { self.what = what }
        var description: String { "deploy/kubernetes has no \(what)" }
    }
}

struct Manifest: Decodable {
    var kind: String
    var metadata: Metadata
    var spec: Spec?
    var data: [String: String]?
    var stringData: [String: String]?

    struct Metadata: Decodable {
        var name: String
        var labels: [String: String]?
        var annotations: [String: String]?
    }

    /// The fields of the Deployment's, Service's, HorizontalPodAutoscaler's and PodDisruptionBudget's specs.
    struct Spec: Decodable {
        var selector: Selector?
        var template: PodTemplate?
        var ports: [ServicePort]?
        var scaleTargetRef: Reference?
        var minReplicas: Int?
    }

    /// A Deployment's and a PodDisruptionBudget's `matchLabels`, or a Service's plain selector.
    struct Selector: Decodable {
        var labels: [String: String]

        init(from decoder: any Decoder) throws {
            if let nested = try? decoder.container(keyedBy: Key.self).decode([String: String].self, forKey: .matchLabels) {
                labels = nested
            } else {
                labels = try decoder.singleValueContainer().decode([String: String].self)
            }
        }
        enum Key: String, CodingKey { case matchLabels }
    }

    struct PodTemplate: Decodable {
        var metadata: Metadata
        var spec: PodSpec
        struct Metadata: Decodable {
            var labels: [String: String]
            var annotations: [String: String]?
        }
    }

    struct PodSpec: Decodable {
        var terminationGracePeriodSeconds: Int
        var containers: [Container]
        var volumes: [Volume]
    }

    struct Volume: Decodable {
        var name: String
        var configMap: Reference?
    }

    struct ServicePort: Decodable {
        var name: String
        var port: Int
        var targetPort: PortReference
    }

    struct Reference: Decodable {
        var name: String
    }
}

struct Container: Decodable {
    var args: [String]
    var env: [EnvironmentVariable]
    var ports: [Port]
    var readinessProbe: Probe
    var livenessProbe: Probe
    var startupProbe: Probe
    var lifecycle: Lifecycle?
    var volumeMounts: [Mount]

    struct EnvironmentVariable: Decodable {
        var name: String
        var value: String?
        var valueFrom: Source?
        struct Source: Decodable {
            var secretKeyRef: KeyReference?
        }
        struct KeyReference: Decodable {
            var name: String
            var key: String
        }
    }

    struct Port: Decodable {
        var name: String
        var containerPort: Int
    }

    struct Probe: Decodable {
        var httpGet: HTTPGet?
        var grpc: GRPC?
        struct HTTPGet: Decodable {
            var path: String
            var port: PortReference
        }
        struct GRPC: Decodable {
            var port: Int
        }
    }

    struct Lifecycle: Decodable {
        var preStop: Hook?
        struct Hook: Decodable {
            var sleep: Sleep?
        }
        struct Sleep: Decodable {
            var seconds: Int
        }
    }

    struct Mount: Decodable {
        var name: String
        var mountPath: String
    }

    /// The value of `--name=value` or `--name value` in the arguments.
    func argument(_ name: String) -> String? {
        for (index, argument) in args.enumerated() {
            if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
            if argument == name, index + 1 < args.count { return args[index + 1] }
        }
        return nil
    }

    /// The container port a probe or Service names, by name or number.
    func port(_ reference: PortReference) -> Int? {
        switch reference {
        case .number(let number): ports.contains { $0.containerPort == number } ? number : nil
        case .name(let name): ports.first { $0.name == name }?.containerPort
        }
    }
}

/// A port given by number or by the container port's name, as Kubernetes allows.
enum PortReference: Decodable {
    case number(Int)
    case name(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .name(try container.decode(String.self))
        }
    }
}
