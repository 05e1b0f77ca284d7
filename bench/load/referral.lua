-- The write path under load: a plan care manager refers a member to medically tailored meals
-- (POST /api/referrals), then the plan approves it with a CBO (POST /api/referrals/{id}/decision).
-- Each connection alternates: it sends a new referral, and once one is created its approval goes next.
-- Environment: as write-path.lua, and CAREHUB_LOAD_CBO (the CBO's id).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "write-path.lua")

function init(args)
   members = own_members()
   cbo = os.getenv("CAREHUB_LOAD_CBO")
   next_member = 1
   pending = {}
   created = 0
   approved = 0
   refused = 0
   decided = 0
   idle = 0
   sent = 0
end

function request()
   sent = sent + 1
   if #pending > 0 then
      local referral = table.remove(pending, 1)
      decided = decided + 1
      return wrk.format("POST", "/api/referrals/" .. referral .. "/decision",
         headers({ ["Content-Type"] = "application/json" }),
         '{"decision":"approve","cboId":"' .. cbo .. '","quantity":56}')
   end

   local member = members[next_member]
   next_member = next_member + 1
   if member == nil then
      -- Out of members: fetch the queue instead, counted apart so the report shows it.
      idle = idle + 1
      return wrk.format("GET", "/api/referrals/queue", headers({}))
   end

   local body = '{"memberId":"' .. member .. '","communitySupportCode":"medically-tailored-meals","referrerKind":"plan-care-manager",'
      .. '"reason":"Heart failure; two ED visits this year; cannot cook a low-sodium diet.","needs":"Low-sodium meals, delivery to the home.",'
      .. '"requestedStart":"2025-03-03","requestedEnd":"2025-03-30","requestedQuantity":56}'
   return wrk.format("POST", "/api/referrals",
      headers({ ["Content-Type"] = "application/json", ["Idempotency-Key"] = "load-" .. id .. "-" .. member }),
      body)
end

function response(status, headers, body)
   if status == 201 or status == 200 then
      local referral, state = string.match(body, '"summary":{"id":"([0-9a-f%-]+)".-"status":"(%a+)"')
      if state == "submitted" then
         created = created + 1
         table.insert(pending, referral)
      elseif state == "approved" then
         approved = approved + 1
      end
   else
      refused = refused + 1
   end
end

function done(summary, latency, requests)
   -- A member referred by an earlier run (same idempotency key) comes back approved on its first request: such
   -- replays are the approvals beyond the decisions sent.
   local c, a, r, d, i = totals("created", "approved", "refused", "decided", "idle")
   local replayed = math.max(0, a - d)
   io.write(string.format("referrals created: %d\nreferrals approved: %d\nrefused or failed: %d\nreplayed: %d\nout of members: %d\n",
      c, a - replayed, r, replayed, i))
end
