namespace EsafetyServerless.Workflows.Platform;

/// <summary>
/// Marks a use case: one action a person can take, with its permission rule, its audit entry and the calls to ports,
/// returning an <see cref="Outcome{T}"/>. <c>AddEsafetyWorkflows</c> registers every one (scoped), so adding a use
/// case needs no registration of its own.
/// </summary>
#pragma warning disable CA1040 // A marker, read by the registration: use cases share no members.
public interface IUseCase;
#pragma warning restore CA1040
