#include "perm/permissions.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace accord {
namespace {

namespace p = permission;

constexpr Snowflake guild = 1000;
constexpr Snowflake owner = 1;
constexpr Snowflake alice = 2;
constexpr Snowflake bob = 3;
constexpr Snowflake moderators = 2001;
constexpr Snowflake helpers = 2002;
constexpr Snowflake strangers = 2003;  // a role alice does not have
constexpr std::int64_t now = 1700000000000;

constexpr Permissions everything_a_member_uses = p::view_channel | p::send_messages |
                                                 p::read_message_history | p::add_reactions | p::embed_links |
                                                 p::attach_files | p::send_tts_messages | p::mention_everyone;

struct RoleGrant {
  Snowflake id;
  Permissions permissions;
};

MemberPermissionInput member(Snowflake user, Permissions everyone, std::vector<RoleGrant> roles = {}) {
  MemberPermissionInput input;
  input.guild_id = guild;
  input.guild_owner_id = owner;
  input.user_id = user;
  input.everyone_permissions = everyone;
  for (const auto& role : roles) {
    input.role_ids.push_back(role.id);
    input.role_permissions.push_back(role.permissions);
  }
  input.now_ms = now;
  return input;
}

PermissionOverwrite for_everyone(Permissions allow, Permissions deny) {
  return {guild, 0, allow, deny};
}
PermissionOverwrite for_role(Snowflake role, Permissions allow, Permissions deny) {
  return {role, 0, allow, deny};
}
PermissionOverwrite for_member(Snowflake user, Permissions allow, Permissions deny) {
  return {user, 1, allow, deny};
}

MemberPermissionInput timed_out(MemberPermissionInput input, std::int64_t until_ms = now + 60000) {
  input.communication_disabled_until_ms = until_ms;
  return input;
}

// --- the bits themselves ---

TEST(PermissionBits, MatchDiscordsNumbering) {
  struct Bit {
    Permissions value;
    int bit;
  };
  const Bit bits[] = {
      {p::create_instant_invite, 0},
      {p::administrator, 3},
      {p::view_channel, 10},
      {p::send_messages, 11},
      {p::read_message_history, 16},
      {p::manage_roles, 28},
      {p::use_application_commands, 31},
      {p::request_to_speak, 32},
      {p::moderate_members, 40},
      {p::send_voice_messages, 46},
      {p::set_voice_channel_status, 48},
      {p::send_polls, 49},
      {p::use_external_apps, 50},
      {p::pin_messages, 51},
      {p::bypass_slowmode, 52},
  };
  for (const auto& [value, bit] : bits) EXPECT_EQ(value, 1ull << bit) << "bit " << bit;
}

TEST(PermissionBits, AllHoldsEveryDefinedBitAndNothingElse) {
  EXPECT_EQ(p::all, (1ull << 53) - 1 - (1ull << 47));
  EXPECT_EQ(to_permission_string(p::all), "8866461766385663");
}

TEST(PermissionBits, NewGuildsEveryoneRoleIsWhatDiscordSends) {
  EXPECT_EQ(to_permission_string(p::default_everyone), "1071698660929");
  EXPECT_TRUE(has(p::default_everyone, p::view_channel | p::send_messages | p::read_message_history));
  EXPECT_FALSE(has(p::default_everyone, p::administrator));
  EXPECT_FALSE(has(p::default_everyone, p::manage_messages));
  EXPECT_FALSE(has(p::default_everyone, p::kick_members));
}

TEST(PermissionBits, HasNeedsEveryWantedBit) {
  EXPECT_TRUE(has(p::view_channel | p::send_messages, p::view_channel));
  EXPECT_TRUE(has(p::view_channel | p::send_messages, p::view_channel | p::send_messages));
  EXPECT_FALSE(has(p::view_channel, p::view_channel | p::send_messages));
  EXPECT_TRUE(has(0, 0));
}

// --- guild level ---

TEST(BasePermissions, OwnerHoldsEverythingWithoutAnyRole) {
  EXPECT_EQ(base_permissions(member(owner, 0)), p::all);
}

TEST(BasePermissions, AdministratorFromAnyOneRoleGrantsEverything) {
  EXPECT_EQ(base_permissions(member(alice, 0, {{helpers, p::add_reactions}, {moderators, p::administrator}})),
            p::all);
}

TEST(BasePermissions, AdministratorOnEveryoneMakesEveryMemberAnAdministrator) {
  EXPECT_EQ(base_permissions(member(alice, p::administrator)), p::all);
}

TEST(BasePermissions, MemberWithNoRolesGetsJustEveryone) {
  EXPECT_EQ(base_permissions(member(alice, p::default_everyone)), p::default_everyone);
}

TEST(BasePermissions, RolesAddToEveryoneAndToEachOther) {
  const auto input =
      member(alice, p::view_channel, {{moderators, p::kick_members}, {helpers, p::manage_messages}});
  EXPECT_EQ(base_permissions(input), p::view_channel | p::kick_members | p::manage_messages);
}

TEST(BasePermissions, UnknownBitsOnARoleAreNotMistakenForAdministrator) {
  const auto input = member(alice, p::view_channel | (1ull << 60));
  EXPECT_FALSE(has(base_permissions(input), p::administrator));
}

TEST(BasePermissions, TimedOutMemberKeepsOnlyViewAndHistory) {
  const auto input = timed_out(member(alice, p::default_everyone, {{moderators, p::kick_members}}));
  EXPECT_EQ(base_permissions(input), p::view_channel | p::read_message_history);
}

TEST(BasePermissions, OwnerAndAdministratorsCannotBeSilencedByATimeout) {
  EXPECT_EQ(base_permissions(timed_out(member(owner, 0))), p::all);
  EXPECT_EQ(base_permissions(timed_out(member(alice, 0, {{moderators, p::administrator}}))), p::all);
}

TEST(BasePermissions, TimeoutThatHasRunOutChangesNothing) {
  EXPECT_EQ(base_permissions(timed_out(member(alice, p::default_everyone), now - 1)), p::default_everyone);
  // A timeout that ends this very millisecond has ended.
  EXPECT_EQ(base_permissions(timed_out(member(alice, p::default_everyone), now)), p::default_everyone);
}

// --- channel level ---

TEST(ChannelPermissions, WithoutOverwritesTheChannelInheritsTheGuild) {
  EXPECT_EQ(channel_permissions(member(alice, p::default_everyone), {}), p::default_everyone);
}

TEST(ChannelPermissions, OwnerIgnoresEveryDeny) {
  const std::vector overwrites = {for_everyone(0, p::all), for_member(owner, 0, p::all)};
  EXPECT_EQ(channel_permissions(member(owner, 0), overwrites), p::all);
}

TEST(ChannelPermissions, AdministratorIgnoresEveryDeny) {
  const auto input = member(alice, 0, {{moderators, p::administrator}});
  const std::vector overwrites = {for_everyone(0, p::all), for_role(moderators, 0, p::all),
                                  for_member(alice, 0, p::all)};
  EXPECT_EQ(channel_permissions(input, overwrites), p::all);
}

TEST(ChannelPermissions, AnOverwriteCannotMakeSomeoneAnAdministrator) {
  const auto permissions =
      channel_permissions(member(alice, p::view_channel), {for_member(alice, p::administrator, 0)});
  EXPECT_EQ(permissions, p::view_channel);
}

// One row per precedence rule. alice holds @everyone, moderators and helpers; the question is always
// whether she ends up able to send messages.
TEST(ChannelPermissions, OverwritesApplyEveryoneThenRolesThenTheMember) {
  struct Story {
    const char* story;
    std::vector<PermissionOverwrite> overwrites;
    bool can_send;
  };
  const Story stories[] = {
      {"@everyone deny takes the bit away", {for_everyone(0, p::send_messages)}, false},
      {"a role allow overrides the @everyone deny",
       {for_everyone(0, p::send_messages), for_role(moderators, p::send_messages, 0)},
       true},
      {"a role deny takes the bit away", {for_role(moderators, 0, p::send_messages)}, false},
      {"a role deny beats the @everyone allow",
       {for_everyone(p::send_messages, 0), for_role(moderators, 0, p::send_messages)},
       false},
      {"between two roles allow wins over deny",
       {for_role(moderators, 0, p::send_messages), for_role(helpers, p::send_messages, 0)},
       true},
      {"one role both allowing and denying the bit allows it",
       {for_role(moderators, p::send_messages, p::send_messages)},
       true},
      {"the member allow overrides a role deny",
       {for_role(moderators, 0, p::send_messages), for_member(alice, p::send_messages, 0)},
       true},
      {"the member deny beats a role allow",
       {for_role(moderators, p::send_messages, 0), for_member(alice, 0, p::send_messages)},
       false},
      {"the member deny beats every other allow",
       {for_everyone(p::send_messages, 0), for_role(helpers, p::send_messages, 0),
        for_member(alice, 0, p::send_messages)},
       false},
      {"a role alice lacks does not apply", {for_role(strangers, 0, p::send_messages)}, true},
      {"another member's overwrite does not apply", {for_member(bob, 0, p::send_messages)}, true},
  };
  const auto alice_in = member(alice, p::view_channel | p::send_messages,
                               {{moderators, p::kick_members}, {helpers, p::add_reactions}});
  for (const auto& [story, overwrites, can_send] : stories) {
    SCOPED_TRACE(story);
    EXPECT_EQ(has(channel_permissions(alice_in, overwrites), p::send_messages), can_send);
  }
}

TEST(ChannelPermissions, EveryoneAllowGrantsWhatTheGuildWithholds) {
  const auto input = member(alice, p::view_channel, {{moderators, p::kick_members}});
  EXPECT_TRUE(has(channel_permissions(input, {for_everyone(p::send_messages, 0)}), p::send_messages));
}

TEST(ChannelPermissions, StorageOrderOfOverwritesDoesNotMatter) {
  const auto input = member(alice, p::view_channel | p::send_messages, {{moderators, 0}, {helpers, 0}});
  std::vector overwrites = {for_member(alice, p::add_reactions, p::embed_links),
                            for_role(helpers, p::send_messages, 0),
                            for_role(moderators, p::embed_links, p::send_messages),
                            for_everyone(p::attach_files, p::send_messages | p::add_reactions)};
  std::sort(overwrites.begin(), overwrites.end(),
            [](const PermissionOverwrite& a, const PermissionOverwrite& b) { return a.id < b.id; });
  const auto expected = p::view_channel | p::send_messages | p::add_reactions | p::attach_files;
  do {
    EXPECT_EQ(channel_permissions(input, overwrites), expected);
  } while (std::next_permutation(
      overwrites.begin(), overwrites.end(),
      [](const PermissionOverwrite& a, const PermissionOverwrite& b) { return a.id < b.id; }));
}

TEST(ChannelPermissions, HiddenChannelGivesNothingEvenWhereOtherBitsAreAllowed) {
  const auto input = member(alice, p::default_everyone, {{moderators, p::manage_messages}});
  const std::vector overwrites = {
      for_everyone(0, p::view_channel),
      for_role(moderators, p::send_messages | p::manage_messages | p::manage_roles, 0)};
  EXPECT_EQ(channel_permissions(input, overwrites), 0u);
}

TEST(ChannelPermissions, GuildWithoutViewChannelHidesEveryChannelWithoutAnOverwrite) {
  EXPECT_EQ(channel_permissions(member(alice, p::default_everyone & ~p::view_channel), {}), 0u);
}

TEST(ChannelPermissions, PrivateChannelOpensToTheRoleAllowedIn) {
  const std::vector overwrites = {for_everyone(0, p::view_channel), for_role(moderators, p::view_channel, 0)};
  EXPECT_EQ(channel_permissions(member(alice, p::default_everyone), overwrites), 0u);
  EXPECT_EQ(channel_permissions(member(alice, p::default_everyone, {{moderators, 0}}), overwrites),
            p::default_everyone);
}

TEST(ChannelPermissions, WithoutSendMessagesAttachmentsEmbedsTtsAndMentionsGoToo) {
  const auto input = member(alice, everything_a_member_uses);
  const auto permissions = channel_permissions(input, {for_everyone(0, p::send_messages)});
  EXPECT_EQ(permissions, p::view_channel | p::read_message_history | p::add_reactions);
}

TEST(ChannelPermissions, TimedOutMemberKeepsOnlyViewAndHistoryWhateverTheOverwrites) {
  const auto input = timed_out(member(alice, p::default_everyone, {{moderators, p::manage_messages}}));
  const std::vector overwrites = {for_role(moderators, p::send_messages | p::add_reactions, 0),
                                  for_member(alice, p::send_messages | p::attach_files, 0)};
  EXPECT_EQ(channel_permissions(input, overwrites), p::view_channel | p::read_message_history);
}

TEST(ChannelPermissions, TimeoutDoesNotRevealAHiddenChannel) {
  const auto input = timed_out(member(alice, p::default_everyone));
  EXPECT_EQ(channel_permissions(input, {for_everyone(0, p::view_channel)}), 0u);
}

TEST(ChannelPermissions, TimedOutMemberMayBeDeniedHistoryToo) {
  const auto input = timed_out(member(alice, p::default_everyone));
  EXPECT_EQ(channel_permissions(input, {for_member(alice, 0, p::read_message_history)}), p::view_channel);
}

TEST(ChannelPermissions, OwnerAndAdministratorsKeepEverythingWhileTimedOut) {
  EXPECT_EQ(channel_permissions(timed_out(member(owner, 0)), {for_everyone(0, p::all)}), p::all);
  const auto admin = timed_out(member(alice, 0, {{moderators, p::administrator}}));
  EXPECT_EQ(channel_permissions(admin, {for_everyone(0, p::all)}), p::all);
}

TEST(ChannelPermissions, ExpiredTimeoutLeavesTheChannelAsItWas) {
  const auto input = timed_out(member(alice, p::default_everyone), now - 1);
  EXPECT_EQ(channel_permissions(input, {}), p::default_everyone);
}

// --- the wire format ---

TEST(PermissionString, FormatsAsPlainDecimal) {
  EXPECT_EQ(to_permission_string(0), "0");
  EXPECT_EQ(to_permission_string(p::administrator), "8");
  EXPECT_EQ(to_permission_string(p::bypass_slowmode), "4503599627370496");
  EXPECT_EQ(to_permission_string(~Permissions{0}), "18446744073709551615");
}

TEST(PermissionString, ParsesWhatItFormats) {
  for (const Permissions value :
       {Permissions{0}, p::administrator, p::default_everyone, p::all, ~Permissions{0}}) {
    EXPECT_EQ(parse_permission_string(to_permission_string(value)), value);
  }
  EXPECT_EQ(parse_permission_string("0008"), p::administrator);
}

TEST(PermissionString, KeepsBitsDiscordHasNotDefinedYetForTheCallerToMask) {
  const auto parsed = parse_permission_string("9007199254740992");  // bit 53
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, 1ull << 53);
  EXPECT_EQ(*parsed & p::all, 0u);
}

TEST(PermissionString, RejectsAnythingButDecimalDigits) {
  for (const std::string text :
       {"", "-1", "+1", "-0", "abc", "12a", "a12", " 8", "8 ", "0x10", "1e3", "8.0", "1,024", "\t8"}) {
    EXPECT_EQ(parse_permission_string(text), std::nullopt) << '"' << text << '"';
  }
}

TEST(PermissionString, RejectsValuesPastSixtyFourBits) {
  EXPECT_EQ(parse_permission_string("18446744073709551616"), std::nullopt);
  EXPECT_EQ(parse_permission_string("99999999999999999999999999999999"), std::nullopt);
}

}  // namespace
}  // namespace accord
