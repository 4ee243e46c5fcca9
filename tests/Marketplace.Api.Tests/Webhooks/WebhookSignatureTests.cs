using Marketplace.Api.Infrastructure.Webhooks;

namespace Marketplace.Api.Tests.Webhooks;

public sealed class WebhookSignatureTests
{
    // The example of the Standard Webhooks reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void The_signature_matches_the_standard_webhooks_example()
    {
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(Secret, Id, Timestamp, Body));
    }

    [Fact]
    public void Verify_accepts_any_one_of_several_signatures_within_the_tolerance()
    {
        var header = "v1,bm90LXRoaXMtb25l " + WebhookSignature.Sign(Secret, Id, Timestamp, Body);

        Assert.True(WebhookSignature.Verify(Secret, Id, Timestamp.ToString(), Body, header, Then.AddMinutes(4)));
        Assert.True(WebhookSignature.Verify(Secret, Id, Timestamp.ToString(), Body, header, Then.AddMinutes(-4)));
    }

    [Fact]
    public void Verify_refuses_a_wrong_secret_id_or_body_an_old_or_future_timestamp_and_garbage()
    {
        var signature = WebhookSignature.Sign(Secret, Id, Timestamp, Body);

        Assert.False(WebhookSignature.Verify("whsec_d3Jvbmctc2VjcmV0LTAxMjM0NTY3", Id, Timestamp.ToString(), Body, signature, Then));
        Assert.False(WebhookSignature.Verify(Secret, "msg_other", Timestamp.ToString(), Body, signature, Then));
        Assert.False(WebhookSignature.Verify(Secret, Id, Timestamp.ToString(), """{"test": 2432232315}""", signature, Then));
        Assert.False(WebhookSignature.Verify(Secret, Id, Timestamp.ToString(), Body, signature, Then.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(Secret, Id, Timestamp.ToString(), Body, signature, Then.AddMinutes(-6)));
        Assert.False(WebhookSignature.Verify(Secret, Id, "not-a-number", Body, signature, Then));
        Assert.False(WebhookSignature.Verify(Secret, Id, Timestamp.ToString(), Body, "", Then));
    }
}
