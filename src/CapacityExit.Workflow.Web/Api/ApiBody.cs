using System.Text.Json;

namespace CapacityExit.Workflow.Web.Api;

/// <summary>
/// Reads a JSON request body into <typeparamref name="T"/>, or refuses it as a problem that says where and why: not
/// JSON (415), not well-formed or a value of the wrong type at a path (400, the path as the field), too large (413).
/// Endpoints read their body here rather than by binding, so that every malformed body gets the same bilingual answer.
/// </summary>
public static class ApiBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new ApiRefusal(ApiProblems.One(ApiProblems.UnsupportedMediaType, "body", "请求体应为 JSON，请设置 Content-Type: application/json",
                "the body must be JSON, with Content-Type: application/json"));
        }

        try
        {
            var options = request.HttpContext.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            return await JsonSerializer.DeserializeAsync<T>(request.Body, options, cancellationToken)
                ?? throw new ApiRefusal(ApiProblems.One(ApiProblems.Malformed, "body", "请求体不能为空或 null", "the body must not be empty or null"));
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "body";
            var where = e.LineNumber is { } line ? $"（第{line + 1}行第{e.BytePositionInLine + 1}个字节）" : "";
            var whereEn = e.LineNumber is { } l ? $" (line {l + 1}, byte {e.BytePositionInLine + 1})" : "";
            throw new ApiRefusal(ApiProblems.One(ApiProblems.Malformed, path, $"不是格式正确的 JSON，或该值的类型不对{where}",
                $"not well-formed JSON, or a value of the wrong type{whereEn}"));
        }
        catch (BadHttpRequestException e)
        {
            var limit = Hosting.RequestLimits.Size(Hosting.RequestLimits.LimitOf(request.HttpContext) ?? Hosting.RequestLimits.DefaultBody);
            throw new ApiRefusal(e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiProblems.One(ApiProblems.TooLarge, "body", $"请求体超过此接口的上限 {limit}，未被接收", $"the body is larger than this operation takes ({limit}); nothing was received")
                : ApiProblems.One(ApiProblems.Malformed, "body", "请求体不完整或无法读取", "the body is incomplete or cannot be read"));
        }
    }
}
