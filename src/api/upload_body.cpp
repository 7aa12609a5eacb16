// Bodies that may carry files: JSON, or multipart/form-data with payload_json and files[n].
#include "api/api.hpp"
#include "core/api_error.hpp"
#include "core/form.hpp"
#include "http/multipart.hpp"

namespace accord {

UploadBody read_upload_body(const Request& request) {
  const auto content_type = request.header("content-type").value_or("");
  UploadBody upload;
  if (!is_multipart(content_type)) {
    upload.json = request.json();
    return upload;
  }
  auto parts = parse_multipart(content_type, request.body);
  if (!parts)
    throw ApiError::invalid_field("files", "MULTIPART_INVALID", "The multipart body could not be read.");
  boost::json::object fields;
  std::optional<boost::json::value> payload;
  std::size_t order = 0;
  for (auto& part : *parts) {
    if (part.name == "payload_json") {
      if (part.body.size() > request.max_json_bytes) throw ApiError::too_large();
      payload = parse_json_body(part.body);
    } else if (part.filename) {
      // files[n]: n is how payload_json.attachments[].id names the file.
      std::size_t index = order;
      if (part.name.starts_with("files[") && part.name.ends_with("]")) {
        const auto number = part.name.substr(6, part.name.size() - 7);
        if (auto parsed = parse_snowflake(number); parsed && *parsed < 1000)
          index = static_cast<std::size_t>(*parsed);
      }
      upload.files.push_back({index, *part.filename, std::move(part.body)});
      upload.file_fields.push_back(part.name);
      ++order;
    } else {
      fields[part.name] = part.body;
    }
  }
  upload.json = payload ? std::move(*payload) : boost::json::value(std::move(fields));
  return upload;
}

}  // namespace accord
