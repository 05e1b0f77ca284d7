-- The ECM write path under load: a plan care manager refers a member for Enhanced Care Management
-- (POST /api/ecm/cases), then the plan authorizes the case (POST /api/ecm/cases/{id}/authorization).
-- Each connection alternates: it sends a new case, and once one is created its authorization goes next. Every case
-- created or authorized also moves the plan's kept case counts, so this path shows how the counts' rows hold up
-- when many changes to the same plan and status commit at once.
-- Environment: CAREHUB_LOAD_MEMBERS_FILE (one member id a line, each used once), CAREHUB_LOAD_THREADS.
local threads = {}
local counter = 1

function setup(thread)
   thread:set("id", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

function init(args)
   local all = {}
   for line in io.lines(os.getenv("CAREHUB_LOAD_MEMBERS_FILE")) do
      table.insert(all, line)
   end
   -- Threads take alternate members so no member is referred twice.
   members = {}
   local n = 0
   for i = id, #all, tonumber(os.getenv("CAREHUB_LOAD_THREADS") or "2") do
      n = n + 1
      members[n] = all[i]
   end
   next_member = 1
   pending = {}
   created = 0
   authorized = 0
   refused = 0
end

-- wrk.format sends only the headers it is given (and Host), so the command line's -H headers (the bearer token)
-- are added to each request's own.
function headers(own)
   local all = {}
   for k, v in pairs(wrk.headers) do
      all[k] = v
   end
   for k, v in pairs(own) do
      all[k] = v
   end
   return all
end

function request()
   if #pending > 0 then
      local case = table.remove(pending, 1)
      return wrk.format("POST", "/api/ecm/cases/" .. case .. "/authorization",
         headers({ ["Content-Type"] = "application/json" }), '{"decision":"approved"}')
   end

   local member = members[next_member]
   next_member = next_member + 1
   if member == nil then
      -- Out of members: read the worklist instead (counted as a refusal so the report shows it).
      return wrk.format("GET", "/api/worklist?due=due&page=1", headers({}))
   end

   return wrk.format("POST", "/api/ecm/cases", headers({ ["Content-Type"] = "application/json" }),
      '{"memberId":"' .. member .. '","source":"pcp","reason":"Three ED visits in six months; no usual source of care."}')
end

function response(status, headers, body)
   local case, state = string.match(body, '"id":"([0-9a-f%-]+)".-"status":"([%a%-]+)"')
   if status == 201 and state == "referred" then
      created = created + 1
      table.insert(pending, case)
   elseif status == 200 and state == "authorized" then
      authorized = authorized + 1
   else
      refused = refused + 1
   end
end

function done(summary, latency, requests)
   local c, a, r = 0, 0, 0
   for _, thread in ipairs(threads) do
      c = c + thread:get("created")
      a = a + thread:get("authorized")
      r = r + thread:get("refused")
   end
   io.write(string.format("cases created: %d\ncases authorized: %d\nrefused or failed: %d\n", c, a, r))
end
