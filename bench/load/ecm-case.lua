-- The ECM write path under load: a plan care manager refers a member for Enhanced Care Management
-- (POST /api/ecm/cases), then the plan authorizes the case (POST /api/ecm/cases/{id}/authorization).
-- Each connection alternates: it sends a new case, and once one is created its authorization goes next. Every case
-- created or authorized also moves the plan's kept case counts, so this path shows how the counts' rows hold up
-- when many changes to the same plan and status commit at once.
-- Environment: as write-path.lua.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "write-path.lua")

function init(args)
   members = own_members()
   next_member = 1
   pending = {}
   created = 0
   authorized = 0
   refused = 0
   idle = 0
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
      -- Out of members: read the worklist instead, counted apart so the report shows it (its answers are neither
      -- a case created nor one authorized, and are taken off the refusals at the end).
      idle = idle + 1
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
   local c, a, r, i = totals("created", "authorized", "refused", "idle")
   io.write(string.format("cases created: %d\ncases authorized: %d\nrefused or failed: %d\nout of members: %d\n", c, a, math.max(0, r - i), i))
end
