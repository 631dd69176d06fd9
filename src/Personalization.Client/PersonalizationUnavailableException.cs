namespace Personalization.Client;

/// <summary>Every attempt of a call failed transiently: no gateway answered, the silo died, or the call timed out.</summary>
public sealed class PersonalizationUnavailableException(string message, Exception innerException) : Exception(message, innerException);
