using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.UnitTests;

/// <summary>
/// Who may do what with the registers and compliance: only the agency's own people use its registers, each role writes
/// its kinds, staff see only the staff AUP and what was delegated to them, and the board admin sees compliance only.
/// </summary>
public sealed class RegisterPermissionsTests
{
    const string Agency = "northfield-primary";
    static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    static Actor In(Role role, string agency = Agency, string? id = null) =>
        new(new Person(id ?? role.ToString().ToLowerInvariant(), "x", role.ToString(), agency, role, role + "@example"));

    static readonly Actor Officer = In(Role.EsafetyOfficer);
    static readonly Actor Manager = In(Role.SeniorManager);
    static readonly Actor Technician = In(Role.Technician);
    static readonly Actor Staff = In(Role.Staff, id: "amy.staff");
    static readonly Actor Admin = In(Role.BoardAdmin, Workflows.Platform.Directory.Agency.BoardId);
    static readonly Actor OtherOfficer = In(Role.EsafetyOfficer, "riverside-youth");

    static RegisterItem Item(RegisterKind kind, AupAudience audience = AupAudience.Staff) => new(
        Agency, ReviewCycle.Prefix(kind) + "-1", kind, "Item", null, new DateOnly(2026, 12, 1), Now, "x",
        Aup: kind == RegisterKind.Aup ? new AupDetails(audience, audience == AupAudience.Children ? "7-11" : null, "1", [], true, true) : null);

    static WorkTask CycleTask(RegisterItem item, string? delegatedTo, WorkTaskState state = WorkTaskState.Open) =>
        new("rv-" + item.ItemId, Agency, WorkTaskKind.RegisterReview, item.ItemId, "Review", "…", ReviewCycle.OwnerRole(item.Kind), delegatedTo, Now, Now.AddDays(3), "/x", state);

    [Fact]
    public void Only_the_agencys_own_people_use_its_registers_and_the_board_admin_does_not()
    {
        Assert.Null(RegisterPermissions.ToUse(Staff, Agency));
        Assert.Equal(FailureKind.Forbidden, RegisterPermissions.ToUse(OtherOfficer, Agency)?.Kind);
        Assert.Equal(FailureKind.Forbidden, RegisterPermissions.ToUse(Admin, Agency)?.Kind);
        Assert.Null(RegisterPermissions.ToList(Technician, Agency));
        Assert.NotNull(RegisterPermissions.ToList(Staff, Agency));
    }

    [Theory]
    [InlineData(Role.EsafetyOfficer, RegisterKind.Aup, true)]
    [InlineData(Role.SeniorManager, RegisterKind.Training, true)]
    [InlineData(Role.Technician, RegisterKind.Filtering, true)]
    [InlineData(Role.Technician, RegisterKind.Technology, true)]
    [InlineData(Role.Technician, RegisterKind.Aup, false)]
    [InlineData(Role.Technician, RegisterKind.Policy, false)]
    [InlineData(Role.Staff, RegisterKind.Technology, false)]
    public void Each_role_records_its_kinds_of_item(Role role, RegisterKind kind, bool allowed)
    {
        Assert.Equal(allowed, RegisterPermissions.MayWrite(In(role), kind));
        Assert.Equal(allowed, RegisterPermissions.ToRecord(In(role), Agency, kind) is null);
        Assert.Equal(allowed, RegisterPermissions.ToChange(In(role), Item(kind)) is null);
    }

    [Fact]
    public void Staff_see_the_staff_AUP_and_an_item_delegated_to_them_but_not_a_policy_or_a_childrens_AUP()
    {
        RegisterItem policy = Item(RegisterKind.Policy);

        Assert.True(RegisterPermissions.MaySee(Staff, Item(RegisterKind.Aup), null));
        Assert.False(RegisterPermissions.MaySee(Staff, Item(RegisterKind.Aup, AupAudience.Children), null));
        Assert.False(RegisterPermissions.MaySee(Staff, policy, null));
        Assert.False(RegisterPermissions.MaySee(Staff, policy, CycleTask(policy, delegatedTo: null)));
        Assert.True(RegisterPermissions.MaySee(Staff, policy, CycleTask(policy, delegatedTo: Staff.PersonId)));
        Assert.True(RegisterPermissions.MaySee(Technician, policy, null));
        Assert.False(RegisterPermissions.MaySee(OtherOfficer, policy, null));
        Assert.Equal(RegisterPermissions.SeeRefusal, RegisterPermissions.ToSee(Staff, policy, null)?.Detail);
    }

    [Fact]
    public void The_owner_the_senior_manager_or_the_delegate_records_a_review()
    {
        RegisterItem filtering = Item(RegisterKind.Filtering);
        RegisterItem policy = Item(RegisterKind.Policy);

        Assert.True(RegisterPermissions.MayReview(Technician, filtering, null));
        Assert.True(RegisterPermissions.MayReview(Manager, filtering, null));
        Assert.False(RegisterPermissions.MayReview(Officer, filtering, null));
        Assert.True(RegisterPermissions.MayReview(Officer, policy, null));
        Assert.False(RegisterPermissions.MayReview(Technician, policy, null));
        Assert.False(RegisterPermissions.MayReview(Staff, policy, null));
        Assert.True(RegisterPermissions.MayReview(Staff, policy, CycleTask(policy, Staff.PersonId)));
        Assert.False(RegisterPermissions.MayReview(OtherOfficer, policy, null));
    }

    [Fact]
    public void The_keepers_record_any_signature_and_everyone_else_signs_only_the_staff_AUP()
    {
        RegisterItem childrens = Item(RegisterKind.Aup, AupAudience.Children);

        Assert.Null(RegisterPermissions.ToSign(Officer, childrens));
        Assert.Null(RegisterPermissions.ToSign(Staff, Item(RegisterKind.Aup)));
        Assert.Equal(RegisterPermissions.SignRefusal, RegisterPermissions.ToSign(Staff, childrens)?.Detail);
        Assert.NotNull(RegisterPermissions.ToSign(Technician, childrens));
        Assert.True(RegisterPermissions.KeepsAups(Manager, Agency));
        Assert.NotNull(RegisterPermissions.ToKeepAups(Technician, Agency));
    }

    [Fact]
    public void An_open_review_is_delegated_by_the_senior_manager_or_its_holder_to_someone_in_the_agency()
    {
        RegisterItem policy = Item(RegisterKind.Policy);

        Assert.True(RegisterPermissions.MayDelegate(CycleTask(policy, null), Manager));
        Assert.False(RegisterPermissions.MayDelegate(CycleTask(policy, null), Officer));
        Assert.True(RegisterPermissions.MayDelegate(CycleTask(policy, Officer.PersonId), Officer));
        Assert.False(RegisterPermissions.MayDelegate(CycleTask(policy, null, WorkTaskState.Done), Manager));
        Assert.True(RegisterPermissions.MayReceiveDelegation(Staff.Person, Agency));
        Assert.False(RegisterPermissions.MayReceiveDelegation(Admin.Person, Agency));
        Assert.False(RegisterPermissions.MayReceiveDelegation(OtherOfficer.Person, Agency));
    }

    [Fact]
    public void An_agencys_leads_see_its_compliance_and_only_the_board_admin_sees_every_agency()
    {
        Assert.Null(RegisterPermissions.ToSeeCompliance(Officer, Agency));
        Assert.Null(RegisterPermissions.ToSeeCompliance(Admin, Agency));
        Assert.NotNull(RegisterPermissions.ToSeeCompliance(OtherOfficer, Agency));
        Assert.NotNull(RegisterPermissions.ToSeeCompliance(Technician, Agency));
        Assert.Null(RegisterPermissions.ToSeeBoardCompliance(Admin));
        Assert.NotNull(RegisterPermissions.ToSeeBoardCompliance(Manager));
    }
}
