using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EsafetyServerless.Workflows.Audit;

/// <summary>Something someone did to children's data: who, in what role, did what to which record, when, from where.</summary>
/// <param name="Action">What was done: <see cref="AuditActions"/>.</param>
/// <param name="Subject">The record acted on (an incident id, "incident-log", ...).</param>
/// <param name="From">The client address the request came from.</param>
public sealed record AuditEvent(string AgencyId, string ActorPersonId, string ActorRole, string Action, string Subject, string? From, string? Detail = null);

/// <summary>An event as stored: numbered in the agency's chain and hashed together with the previous entry's hash.</summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, AuditEvent Event, string PreviousHash, string Hash);

public static class AuditActions
{
    public const string Create = "create";
    public const string Read = "read";
    public const string List = "list";
    public const string Export = "export";
    public const string Change = "change";
}

/// <summary>The result of checking an agency's chain.</summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, IReadOnlyList<string> Problems);

/// <summary>
/// The hash chain, as pure functions. Each entry's hash covers its own fields and the previous entry's hash, so
/// editing an entry breaks its hash, and deleting one breaks the next entry's link (or, for the last entry, the
/// chain head's count). Fields are length-prefixed so no two different entries hash the same text.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of an agency's first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(string previousHash, long sequence, DateTimeOffset at, AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        StringBuilder canonical = new();
        foreach (string? field in new[]
        {
            previousHash,
            sequence.ToString(CultureInfo.InvariantCulture),
            at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            auditEvent.AgencyId, auditEvent.ActorPersonId, auditEvent.ActorRole, auditEvent.Action, auditEvent.Subject,
            auditEvent.From, auditEvent.Detail,
        })
        {
            string value = field ?? "\0";
            canonical.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Checks entries (in sequence order) against each other and against the chain head's last sequence and hash.</summary>
    public static AuditVerification Verify(IReadOnlyList<AuditEntry> entries, long headSequence, string headHash)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ChainVerifier verifier = new();
        foreach (AuditEntry entry in entries)
        {
            verifier.Add(entry);
        }

        return verifier.Finish(headSequence, headHash);
    }
}

/// <summary>
/// Verifies a chain entry by entry as it is read, so a long trail is streamed rather than loaded whole: each entry must
/// follow the one before it and hash to what it says, and the last must match the chain head.
/// </summary>
public sealed class ChainVerifier
{
    readonly List<string> problems = [];
    string previousHash = AuditChain.Genesis;
    long expectedSequence = 1;
    long checkedCount;

    public void Add(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Sequence != this.expectedSequence)
        {
            this.problems.Add(string.Create(CultureInfo.InvariantCulture, $"Entry {this.expectedSequence} is missing (found {entry.Sequence} next)."));
        }

        if (!string.Equals(entry.PreviousHash, this.previousHash, StringComparison.Ordinal))
        {
            this.problems.Add(string.Create(CultureInfo.InvariantCulture, $"Entry {entry.Sequence} does not follow the entry before it."));
        }

        if (!string.Equals(AuditChain.ComputeHash(entry.PreviousHash, entry.Sequence, entry.At, entry.Event), entry.Hash, StringComparison.Ordinal))
        {
            this.problems.Add(string.Create(CultureInfo.InvariantCulture, $"Entry {entry.Sequence} has been altered."));
        }

        this.previousHash = entry.Hash;
        this.expectedSequence = entry.Sequence + 1;
        this.checkedCount++;
    }

    public AuditVerification Finish(long headSequence, string headHash)
    {
        if (this.expectedSequence - 1 != headSequence || !string.Equals(this.previousHash, headHash, StringComparison.Ordinal))
        {
            this.problems.Add(string.Create(CultureInfo.InvariantCulture, $"The chain should end at entry {headSequence}, but its last entry is {this.expectedSequence - 1} or does not match."));
        }

        return new AuditVerification(this.problems.Count == 0, this.checkedCount, this.problems);
    }
}

/// <summary>Port: the append-only, hash-chained audit trail, one chain per agency.</summary>
public interface IAuditTrail
{
    Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken);

    /// <summary>
    /// Appends the entry unless an entry for <paramref name="operationId"/> was appended already (a retried request, a
    /// reconciliation finishing a submission): exactly one entry per operation. Null when it was there already.
    /// </summary>
    Task<AuditEntry?> AppendOnceAsync(AuditEvent auditEvent, string operationId, CancellationToken cancellationToken);

    /// <summary>The sequence of the entry <paramref name="operationId"/> appended (<see cref="AppendOnceAsync"/>), or null if none did.</summary>
    Task<long?> FindOperationAsync(string agencyId, string operationId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ReadAsync(string agencyId, CancellationToken cancellationToken);

    /// <summary>The agency's entries with these sequence numbers (point reads; missing ones are left out), in order.</summary>
    Task<IReadOnlyList<AuditEntry>> ReadAsync(string agencyId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken);

    Task<AuditVerification> VerifyAsync(string agencyId, CancellationToken cancellationToken);
}
