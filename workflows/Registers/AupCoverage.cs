using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// A class or group's signatures of a children's or parents' AUP, as counts: the product keeps no pupil roster, so
/// the officer records "27 of 30 in Year 5 Oak have signed". The latest count for a group replaces the earlier ones.
/// </summary>
public sealed record AupGroupCount(string Name, int HaveSigned, int OutOf);

/// <summary>
/// Who has signed the current version of an AUP. For the staff AUP, against the directory: every active person of the
/// agency is staff and must sign. For children's and parents' AUPs, against the groups' counts.
/// </summary>
/// <param name="SignedStaff">Active staff with a signature of the current version, and when they signed (staff AUP only).</param>
/// <param name="UnsignedStaff">Active staff without one, by name (staff AUP only).</param>
/// <param name="Groups">The latest count of each group for the current version (children's and parents' AUPs).</param>
/// <param name="Individuals">Signatures of the current version recorded one by one, not as a group's count.</param>
public sealed record AupCoverage(
    RegisterItem Aup,
    IReadOnlyList<(Person Person, DateTimeOffset SignedAt)> SignedStaff,
    IReadOnlyList<Person> UnsignedStaff,
    IReadOnlyList<AupGroupCount> Groups,
    int Individuals)
{
    /// <summary>The share that must be reached for amber: below it the check is red.</summary>
    public const double AmberShare = 0.9;

    public bool IsStaffAup => this.Aup.Aup!.Audience == AupAudience.Staff;

    /// <summary>How many must sign: the active staff, or the groups' sizes.</summary>
    public int Required => this.IsStaffAup ? this.SignedStaff.Count + this.UnsignedStaff.Count : this.Groups.Sum(g => g.OutOf);

    public int HaveSigned => this.IsStaffAup ? this.SignedStaff.Count : this.Groups.Sum(g => g.HaveSigned);

    /// <summary>Signed over required, 0 to 1; null when nothing is known to be required (no groups counted yet).</summary>
    public double? Share => this.Required == 0 ? null : (double)this.HaveSigned / this.Required;

    /// <summary>
    /// Everyone has signed: every active member of staff, or every member of every group counted. A children's or
    /// parents' AUP with no group counted is complete when signatures were recorded one by one.
    /// </summary>
    public bool Complete => this.Share is { } share ? share >= 1 : !this.IsStaffAup && this.Individuals > 0;

    /// <summary>"45 of 48 staff (94%)" or "52 of 60 in 2 groups (87%)".</summary>
    public string Describe()
    {
        if (this.Share is not { } share)
        {
            return this.Individuals > 0
                ? Count(this.Individuals, "signature") + " recorded one by one; no class or group counted"
                : "no signature recorded";
        }

        string whom = this.IsStaffAup ? "staff" : "in " + Count(this.Groups.Count, "group");
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{this.HaveSigned} of {this.Required} {whom} ({Math.Floor(share * 100)}%)");
    }

    static string Count(int n, string noun) => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

    /// <summary>The prefix of a group count's signer, so a count is never taken for a person's signature.</summary>
    public const string GroupSignerPrefix = "group:";

    /// <param name="signatures">All the AUP's signatures, any version.</param>
    /// <param name="people">The agency's people (active or not).</param>
    public static AupCoverage Of(RegisterItem aup, IReadOnlyList<AupSignature> signatures, IReadOnlyList<Person> people)
    {
        ArgumentNullException.ThrowIfNull(aup);
        ArgumentNullException.ThrowIfNull(signatures);
        ArgumentNullException.ThrowIfNull(people);
        string version = aup.Aup?.Version ?? throw new ArgumentException("Not an AUP.", nameof(aup));
        List<AupSignature> current = signatures.Where(s => s.Version == version).ToList();
        List<AupGroupCount> groups = current.Where(s => s.Group is not null)
            .GroupBy(s => s.Group!.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.MaxBy(s => s.SignedAt)!.Group!)
            .OrderBy(g => g.Name, StringComparer.CurrentCulture)
            .ToList();
        List<AupSignature> individual = current.Where(s => s.Group is null).ToList();
        if (aup.Aup.Audience != AupAudience.Staff)
        {
            return new AupCoverage(aup, [], [], groups, individual.Count);
        }

        // A member of staff signs for themselves: their person id is the signer.
        Dictionary<string, DateTimeOffset> firstSigned = individual
            .Where(s => s.SignedBy == SignedBy.Self)
            .GroupBy(s => s.Signer, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(s => s.SignedAt), StringComparer.Ordinal);
        List<Person> active = people.Where(p => p.Active && p.AgencyId == aup.AgencyId).OrderBy(p => p.DisplayName, StringComparer.CurrentCulture).ToList();
        return new AupCoverage(
            aup,
            active.Where(p => firstSigned.ContainsKey(p.PersonId)).Select(p => (p, firstSigned[p.PersonId])).ToList(),
            active.Where(p => !firstSigned.ContainsKey(p.PersonId)).ToList(),
            groups,
            individual.Count);
    }
}
