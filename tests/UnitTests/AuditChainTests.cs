using EsafetyServerless.Workflows.Audit;

namespace EsafetyServerless.UnitTests;

public class AuditChainTests
{
    static List<AuditEntry> Chain(int count)
    {
        List<AuditEntry> entries = [];
        string previous = AuditChain.Genesis;
        for (int i = 1; i <= count; i++)
        {
            AuditEvent e = new("northfield-primary", "omar.officer", "EsafetyOfficer", AuditActions.Read, "inc-" + i, "127.0.0.1");
            DateTimeOffset at = new(2026, 11, 28, 9, i, 0, TimeSpan.Zero);
            string hash = AuditChain.ComputeHash(previous, i, at, e);
            entries.Add(new AuditEntry(i, at, e, previous, hash));
            previous = hash;
        }

        return entries;
    }

    [Fact]
    public void An_untouched_chain_verifies()
    {
        List<AuditEntry> chain = Chain(4);

        AuditVerification result = AuditChain.Verify(chain, 4, chain[^1].Hash);

        Assert.True(result.Intact);
        Assert.Equal(4, result.EntriesChecked);
    }

    [Fact]
    public void An_edited_entry_is_detected()
    {
        List<AuditEntry> chain = Chain(4);
        chain[1] = chain[1] with { Event = chain[1].Event with { ActorPersonId = "someone.else" } };

        AuditVerification result = AuditChain.Verify(chain, 4, chain[^1].Hash);

        Assert.False(result.Intact);
        Assert.Contains("Entry 2 has been altered.", result.Problems);
    }

    [Fact]
    public void A_deleted_entry_in_the_middle_or_at_the_end_is_detected()
    {
        List<AuditEntry> chain = Chain(4);
        string headHash = chain[^1].Hash;

        AuditVerification middle = AuditChain.Verify(chain.Where(e => e.Sequence != 2).ToList(), 4, headHash);
        AuditVerification end = AuditChain.Verify(chain.Take(3).ToList(), 4, headHash);

        Assert.False(middle.Intact);
        Assert.Contains("Entry 2 is missing (found 3 next).", middle.Problems);
        Assert.False(end.Intact);
    }

    [Fact]
    public void Fields_cannot_be_shifted_between_neighbours_to_forge_the_same_hash()
    {
        AuditEvent a = new("ag", "ab", "c", "read", "s", null);
        AuditEvent b = new("ag", "a", "bc", "read", "s", null);
        DateTimeOffset at = DateTimeOffset.UnixEpoch;

        Assert.NotEqual(AuditChain.ComputeHash(AuditChain.Genesis, 1, at, a), AuditChain.ComputeHash(AuditChain.Genesis, 1, at, b));
    }
}
