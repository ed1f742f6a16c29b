// Triton Inference Server's KServe v2 gRPC protocol (`inference.GRPCInferenceService`), client side only.
// Generated/ is written by scripts/gen-proto from Protos/triton (see Protos/triton/README.md for where the
// .proto files come from and their licence); nothing else lives in this module.
