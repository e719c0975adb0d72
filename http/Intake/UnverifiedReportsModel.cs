using EsafetyServerless.Workflows.Intake;

namespace EsafetyServerless.Http.Intake;

/// <param name="Waiting">Newest first.</param>
/// <param name="CanDecide">Only the e-safety officer accepts or dismisses; the senior manager may look.</param>
/// <param name="Errors">A decision that needs correcting (a dismissal without a reason), by the input's id.</param>
public sealed record UnverifiedReportsModel(IReadOnlyList<UnverifiedReport> Waiting, bool CanDecide, IReadOnlyList<(string FieldId, string Message)> Errors);
