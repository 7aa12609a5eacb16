#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "services/access.hpp"
#include "services/context.hpp"

namespace accord {

// People report a message, a user or a guild to the instance's administrators, who work through
// the open reports and resolve them.
class ReportService {
 public:
  ReportService(ServiceContext& context, Access& access) : context_(context), access_(access) {}

  // Only what the reporter can see may be reported: a report never confirms that a hidden message exists.
  boost::json::object create(const Caller& caller, const boost::json::value& body);
  boost::json::array list(const Caller& caller, bool resolved, Snowflake after, std::int64_t limit);
  boost::json::object resolve(const Caller& caller, Snowflake report_id);

 private:
  ServiceContext& context_;
  Access& access_;
};

}  // namespace accord
