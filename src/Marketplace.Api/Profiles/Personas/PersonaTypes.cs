using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Profiles.Segments;

namespace Marketplace.Api.Profiles.Personas;

public sealed class ContentFormatType : EnumerationGraphType<ContentFormat>
{
    public ContentFormatType() => Name = "ContentFormat";
}

public sealed class PriceSensitivityType : EnumerationGraphType<PriceSensitivity>
{
    public PriceSensitivityType() => Name = "PriceSensitivity";
}

public sealed class PersonaSegmentType : ObjectGraphType<PersonaSegment>
{
    public PersonaSegmentType()
    {
        Name = "PersonaSegment";
        Field<NonNullGraphType<IdGraphType>>("segmentId").Resolve(ctx => GlobalId.Encode(SegmentService.TypeName, ctx.Source.SegmentId));
        Field(s => s.Priority).Description("Among a person's segments, the persona of the highest priority wins.");
    }
}

public sealed class PersonaType : ObjectGraphType<Persona>
{
    public PersonaType()
    {
        Name = PersonaService.TypeName;
        Description = "An experience a storefront can choose for a person (a long text description instead of a video, price-led merchandising, ...).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode(PersonaService.TypeName, ctx.Source.Id));
        Field(p => p.Name);
        Field(p => p.Description, nullable: true);
        Field<NonNullGraphType<ContentFormatType>>("contentFormat").Resolve(ctx => ctx.Source.ContentFormat);
        Field(p => p.DescriptionWords).Description("How long product descriptions should be, in words.");
        Field<NonNullGraphType<PriceSensitivityType>>("priceSensitivity").Resolve(ctx => ctx.Source.PriceSensitivity);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("preferredCategories").Description("Category slugs.")
            .Resolve(ctx => ctx.Source.PreferredCategories.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PersonaSegmentType>>>>("segments").Resolve(ctx => ctx.Source.Segments.OrderByDescending(s => s.Priority).ToList());
    }
}

public sealed class PersonaSegmentInputType : InputObjectGraphType<PersonaSegmentInput>
{
    public PersonaSegmentInputType()
    {
        Name = "PersonaSegmentInput";
        Field<NonNullGraphType<IdGraphType>>("segmentId");
        Field<NonNullGraphType<IntGraphType>>("priority");
    }
}

public sealed class PersonaInputType : InputObjectGraphType<PersonaInput>
{
    public PersonaInputType()
    {
        Name = "PersonaInput";
        Field(p => p.Name, nullable: true);
        Field(p => p.Description, nullable: true);
        Field<ContentFormatType>("contentFormat");
        Field(p => p.DescriptionWords, nullable: true);
        Field<PriceSensitivityType>("priceSensitivity");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("preferredCategories").Description("Category slugs.");
        Field<ListGraphType<NonNullGraphType<PersonaSegmentInputType>>>("segments").Description("Replaces the persona's segments.");
    }
}

public sealed class PersonaPayloadType : ObjectGraphType<PersonaPayload>
{
    public PersonaPayloadType()
    {
        Name = "PersonaPayload";
        Field<PersonaType>("persona").Resolve(ctx => ctx.Source.Persona);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class DeletePersonaPayloadType : ObjectGraphType<DeletePersonaPayload>
{
    public DeletePersonaPayloadType()
    {
        Name = "DeletePersonaPayload";
        Field<IdGraphType>("deletedPersonaId").Resolve(ctx => ctx.Source.DeletedPersonaId);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public static class PersonaFields
{
    public static void AddPersonaQueries(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PersonaType>>>, IReadOnlyList<Persona>>("personas")
            .Description("Admins: every persona, by name.")
            .Resolve().WithService<PersonaService>()
            .ResolveAsync((ctx, personas) => personas.ListAsync(ctx.CancellationToken)!);

    public static void AddPersonaMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<PersonaPayloadType>, PersonaPayload>("createPersona")
            .Argument<NonNullGraphType<PersonaInputType>>("input")
            .Resolve().WithService<PersonaService>()
            .ResolveAsync((ctx, personas) => personas.CreateAsync(ctx.GetArgument<PersonaInput>("input"), ctx.CancellationToken)!);
        mutation.Field<NonNullGraphType<PersonaPayloadType>, PersonaPayload>("updatePersona")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<PersonaInputType>>("input")
            .Resolve().WithService<PersonaService>()
            .ResolveAsync((ctx, personas) => personas.UpdateAsync(ctx.GetArgument<string>("id"), ctx.GetArgument<PersonaInput>("input"), ctx.CancellationToken)!);
        mutation.Field<NonNullGraphType<DeletePersonaPayloadType>, DeletePersonaPayload>("deletePersona")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithService<PersonaService>()
            .ResolveAsync((ctx, personas) => personas.DeleteAsync(ctx.GetArgument<string>("id"), ctx.CancellationToken)!);
    }
}
