#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "cdn/blob_store.hpp"
#include "services/context.hpp"

namespace accord {

// A file from a multipart upload, as services see it: no HTTP types.
struct UploadedFile {
  std::size_t index = 0;  // n of files[n], which payload_json.attachments[].id refers to
  std::string filename;
  std::string bytes;
};

// Uploaded images and files: checked by their bytes, stored in the blob store, described in
// Discord's shapes. The CDN routes serve what this stores.
class MediaService {
 public:
  MediaService(ServiceContext& context, cdn::BlobStore& blobs) : context_(context), blobs_(blobs) {}

  // A data URI ("data:image/png;base64,...") stored under `folder/owner/hash`; returns the hash
  // clients put in CDN URLs ("a_" first when animated). Throws 50035 naming `field`.
  std::string save_image(std::string_view folder, Snowflake owner, std::string_view data_uri,
                         const std::string& field, std::int64_t max_bytes);
  // Raw image bytes stored under exactly `key` (emojis, stickers); returns whether it is animated.
  bool save_image_at(const std::string& key, std::string_view bytes, const std::string& field,
                     std::int64_t max_bytes);
  // The bytes of a data URI, or 50035 naming `field`.
  std::string decode_data_uri(std::string_view data_uri, const std::string& field) const;

  // Stores the file under the channel and returns its attachment object (url, size, type...).
  boost::json::object save_attachment(Snowflake channel_id, const UploadedFile& file,
                                      const std::optional<std::string>& description);
  void remove_attachment(const boost::json::object& attachment);

  // The upload-URL flow: a place to PUT a file before sending the message that names it.
  struct PendingUpload {
    std::string upload_url;
    std::string upload_filename;  // what the message's attachments[].uploaded_filename repeats
  };
  PendingUpload prepare_upload(Snowflake channel_id, const std::string& filename);
  // The bytes PUT for `upload_filename` in this channel; nothing when there are none (never
  // uploaded, or for another channel). discard_upload once the message holds its own copy.
  std::optional<std::string> find_upload(Snowflake channel_id, const std::string& upload_filename);
  void discard_upload(const std::string& upload_filename);
  // An image stored under exactly `key` (emojis, stickers); its cached conversions stop being served.
  void remove_image(const std::string& key);

  // Where clients reach the CDN: the public URL, or the address the server bound.
  std::string base_url() const;

 private:
  ServiceContext& context_;
  cdn::BlobStore& blobs_;
};

}  // namespace accord
