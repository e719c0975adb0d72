namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// Where the registers' pages are: the links the core writes into tasks, emails and compliance checks, and the pages
/// link to. One place, so a task's link and the page's route cannot drift apart.
/// </summary>
public static class RegisterPaths
{
    public static string Registers(string agencyId) => "/agencies/" + agencyId + "/registers";

    /// <summary>One register on the registers page (its heading's id is the kind's prefix: "#training").</summary>
    public static string Section(string agencyId, RegisterKind kind) => Registers(agencyId) + "#" + ReviewCycle.Prefix(kind);

    public static string Item(string agencyId, string itemId) => Registers(agencyId) + "/" + itemId;

    public static string Item(RegisterItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Item(item.AgencyId, item.ItemId);
    }

    /// <summary>The form that changes an item's facts.</summary>
    public static string Edit(RegisterItem item) => Item(item) + "/edit";

    /// <summary>The "add to the register" form of a kind.</summary>
    public static string Add(string agencyId, RegisterKind kind) => "/agencies/" + agencyId + "/add/" + ReviewCycle.Prefix(kind);

    public static string Compliance(string agencyId) => "/agencies/" + agencyId + "/compliance";

    /// <summary>The board admin's view of every agency's compliance.</summary>
    public const string BoardCompliance = "/compliance";

    /// <summary>The kind whose <see cref="ReviewCycle.Prefix"/> is <paramref name="slug"/>, or null.</summary>
    public static RegisterKind? KindOf(string? slug) =>
        Enum.GetValues<RegisterKind>().Where(k => ReviewCycle.Prefix(k) == slug).Select(k => (RegisterKind?)k).FirstOrDefault();
}
