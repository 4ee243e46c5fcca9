using GraphQL.Types;

namespace Marketplace.Api.Personalization;

public sealed class ReasonKindType : EnumerationGraphType<ReasonKind>
{
    public ReasonKindType()
    {
        Name = "PersonalizationReasonKind";
        Description = "What moved a product up or down for this caller.";
    }
}

public sealed class PersonalizationReasonType : ObjectGraphType<PersonalizationReason>
{
    public PersonalizationReasonType()
    {
        Name = "PersonalizationReason";
        Description = "One contribution to a product's personal rank.";
        Field<NonNullGraphType<ReasonKindType>>("kind").Resolve(ctx => ctx.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("key")
            .Description("What the reason is about, as dimension:value (\"gender:women\", \"category:shorts\", \"segment:42\", \"product:17\").")
            .Resolve(ctx => ctx.Source.Key);
        Field<NonNullGraphType<FloatGraphType>>("weight").Description("Its share of the boost; negative buries.").Resolve(ctx => ctx.Source.Weight);
    }
}
