namespace EsafetyServerless.Workflows.Platform;

/// <summary>A stored blob and the SHA-256 of its bytes, taken as it was written.</summary>
public sealed record StoredBlob(string Container, string Name, string Sha256, long Length);
